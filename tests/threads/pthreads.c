/* tests/threads/pthreads.c — a pthreads stress test built for
 * wasm32-wasip1-threads (wasi-libc's pthreads over thread-spawn and
 * memory.atomic.wait/notify) and natively; both must print the same line.
 *
 * THREADS workers, each ITERS rounds of: a mutex-protected increment of a
 * plain counter, a C11 atomic add, a producer/consumer hand-off through a
 * bounded queue (mutex + two condition variables), and a barrier-like
 * rendezvous every ROUND iterations.  Then the workers finish in id order
 * (a condition variable "turn"), and the results of pthread_join are summed.
 * Every total is a closed formula of THREADS and ITERS, printed so that any
 * lost update, missed wake-up or torn value shows in the output. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 8
#define ITERS 4000
#define ROUND 500
#define QCAP 4

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cv = PTHREAD_COND_INITIALIZER;
static long plain;
static atomic_long sum_ids;
static int turn;

/* bounded queue: producers are even workers, consumers odd ones */
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long queue[QCAP];
static int qhead, qlen;
static long consumed;

/* a reusable rendezvous of all workers */
static pthread_mutex_t bmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bcv = PTHREAD_COND_INITIALIZER;
static int arrived, generation;
static atomic_int rounds_seen;

static void put(long v) {
  pthread_mutex_lock(&qmu);
  while (qlen == QCAP) pthread_cond_wait(&not_full, &qmu);
  queue[(qhead + qlen++) % QCAP] = v;
  pthread_cond_signal(&not_empty);
  pthread_mutex_unlock(&qmu);
}

static long get(void) {
  pthread_mutex_lock(&qmu);
  while (qlen == 0) pthread_cond_wait(&not_empty, &qmu);
  long v = queue[qhead];
  qhead = (qhead + 1) % QCAP;
  qlen--;
  pthread_cond_signal(&not_full);
  pthread_mutex_unlock(&qmu);
  return v;
}

static void rendezvous(void) {
  pthread_mutex_lock(&bmu);
  int gen = generation;
  if (++arrived == THREADS) {
    arrived = 0;
    generation++;
    atomic_fetch_add(&rounds_seen, 1);
    pthread_cond_broadcast(&bcv);
  } else {
    while (gen == generation) pthread_cond_wait(&bcv, &bmu);
  }
  pthread_mutex_unlock(&bmu);
}

static void *worker(void *p) {
  long id = (long)p, local = 0;
  for (int i = 0; i < ITERS; i++) {
    pthread_mutex_lock(&mu);
    plain++;
    pthread_mutex_unlock(&mu);
    atomic_fetch_add(&sum_ids, id);
    if (id % 2 == 0) put(id * ITERS + i);
    else local += get();
    if ((i + 1) % ROUND == 0) rendezvous();
  }
  pthread_mutex_lock(&qmu);
  consumed += local;
  pthread_mutex_unlock(&qmu);
  pthread_mutex_lock(&mu);
  while (turn != id) pthread_cond_wait(&turn_cv, &mu);
  turn++;
  pthread_cond_broadcast(&turn_cv);
  pthread_mutex_unlock(&mu);
  return (void *)(id * id);
}

int main(void) {
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++)
    if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
      printf("pthread_create failed\n");
      return 1;
    }
  long joined = 0;
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    joined += (long)r;
  }
  printf("plain=%ld ids=%ld consumed=%ld rounds=%d turn=%d joined=%ld\n", plain, (long)atomic_load(&sum_ids),
         consumed, atomic_load(&rounds_seen), turn, joined);
  return 0;
}
