/*
 * px_wasi.h — prototypes of the WASI preview1 host functions, one per entry
 * of WASMC_WASI_FUNCTIONS (wasmc_abi.h): 'i' -> int32_t, 'I' -> int64_t,
 * result: WASI errno as int32_t.  Pointers are wasm addresses of memory 0.
 * If the runtime's declarations (runtime/src/wrt_wasi_decls.h, generated from
 * the same X-macro) are visible they are included too, so the compiler checks
 * that both agree.
 */
#ifndef PX_WASI_H
#define PX_WASI_H

#include <stdint.h>

#include "wasmc_abi.h"

#if defined(__has_include)
#if __has_include("wrt_wasi_decls.h")
#include "wrt_wasi_decls.h"
#endif
#endif

int32_t wasmc_wasi_args_get(wasmc_instance *inst, int32_t argv, int32_t argv_buf);
int32_t wasmc_wasi_args_sizes_get(wasmc_instance *inst, int32_t argc, int32_t argv_buf_size);
int32_t wasmc_wasi_environ_get(wasmc_instance *inst, int32_t environ_, int32_t environ_buf);
int32_t wasmc_wasi_environ_sizes_get(wasmc_instance *inst, int32_t count, int32_t buf_size);
int32_t wasmc_wasi_clock_res_get(wasmc_instance *inst, int32_t id, int32_t resolution);
int32_t wasmc_wasi_clock_time_get(wasmc_instance *inst, int32_t id, int64_t precision, int32_t time);
int32_t wasmc_wasi_fd_advise(wasmc_instance *inst, int32_t fd, int64_t offset, int64_t len, int32_t advice);
int32_t wasmc_wasi_fd_allocate(wasmc_instance *inst, int32_t fd, int64_t offset, int64_t len);
int32_t wasmc_wasi_fd_close(wasmc_instance *inst, int32_t fd);
int32_t wasmc_wasi_fd_datasync(wasmc_instance *inst, int32_t fd);
int32_t wasmc_wasi_fd_fdstat_get(wasmc_instance *inst, int32_t fd, int32_t stat);
int32_t wasmc_wasi_fd_fdstat_set_flags(wasmc_instance *inst, int32_t fd, int32_t flags);
int32_t wasmc_wasi_fd_fdstat_set_rights(wasmc_instance *inst, int32_t fd, int64_t base, int64_t inheriting);
int32_t wasmc_wasi_fd_filestat_get(wasmc_instance *inst, int32_t fd, int32_t buf);
int32_t wasmc_wasi_fd_filestat_set_size(wasmc_instance *inst, int32_t fd, int64_t size);
int32_t wasmc_wasi_fd_filestat_set_times(wasmc_instance *inst, int32_t fd, int64_t atim, int64_t mtim, int32_t fst_flags);
int32_t wasmc_wasi_fd_pread(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len, int64_t offset, int32_t nread);
int32_t wasmc_wasi_fd_prestat_get(wasmc_instance *inst, int32_t fd, int32_t buf);
int32_t wasmc_wasi_fd_prestat_dir_name(wasmc_instance *inst, int32_t fd, int32_t path, int32_t path_len);
int32_t wasmc_wasi_fd_pwrite(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len, int64_t offset, int32_t nwritten);
int32_t wasmc_wasi_fd_read(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread);
int32_t wasmc_wasi_fd_readdir(wasmc_instance *inst, int32_t fd, int32_t buf, int32_t buf_len, int64_t cookie, int32_t bufused);
int32_t wasmc_wasi_fd_renumber(wasmc_instance *inst, int32_t fd, int32_t to);
int32_t wasmc_wasi_fd_seek(wasmc_instance *inst, int32_t fd, int64_t offset, int32_t whence, int32_t newoffset);
int32_t wasmc_wasi_fd_sync(wasmc_instance *inst, int32_t fd);
int32_t wasmc_wasi_fd_tell(wasmc_instance *inst, int32_t fd, int32_t offset);
int32_t wasmc_wasi_fd_write(wasmc_instance *inst, int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nwritten);
int32_t wasmc_wasi_path_create_directory(wasmc_instance *inst, int32_t fd, int32_t path, int32_t path_len);
int32_t wasmc_wasi_path_filestat_get(wasmc_instance *inst, int32_t fd, int32_t flags, int32_t path, int32_t path_len, int32_t buf);
int32_t wasmc_wasi_path_filestat_set_times(wasmc_instance *inst, int32_t fd, int32_t flags, int32_t path, int32_t path_len, int64_t atim, int64_t mtim, int32_t fst_flags);
int32_t wasmc_wasi_path_link(wasmc_instance *inst, int32_t old_fd, int32_t old_flags, int32_t old_path, int32_t old_path_len, int32_t new_fd, int32_t new_path, int32_t new_path_len);
int32_t wasmc_wasi_path_open(wasmc_instance *inst, int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t fs_rights_base, int64_t fs_rights_inheriting, int32_t fdflags, int32_t opened_fd);
int32_t wasmc_wasi_path_readlink(wasmc_instance *inst, int32_t fd, int32_t path, int32_t path_len, int32_t buf, int32_t buf_len, int32_t bufused);
int32_t wasmc_wasi_path_remove_directory(wasmc_instance *inst, int32_t fd, int32_t path, int32_t path_len);
int32_t wasmc_wasi_path_rename(wasmc_instance *inst, int32_t fd, int32_t old_path, int32_t old_path_len, int32_t new_fd, int32_t new_path, int32_t new_path_len);
int32_t wasmc_wasi_path_symlink(wasmc_instance *inst, int32_t old_path, int32_t old_path_len, int32_t fd, int32_t new_path, int32_t new_path_len);
int32_t wasmc_wasi_path_unlink_file(wasmc_instance *inst, int32_t fd, int32_t path, int32_t path_len);
int32_t wasmc_wasi_poll_oneoff(wasmc_instance *inst, int32_t in, int32_t out, int32_t nsubscriptions, int32_t nevents);
_Noreturn void wasmc_wasi_proc_exit(wasmc_instance *inst, int32_t code);
int32_t wasmc_wasi_proc_raise(wasmc_instance *inst, int32_t sig);
int32_t wasmc_wasi_random_get(wasmc_instance *inst, int32_t buf, int32_t buf_len);
int32_t wasmc_wasi_sched_yield(wasmc_instance *inst);
int32_t wasmc_wasi_sock_accept(wasmc_instance *inst, int32_t fd, int32_t flags, int32_t result_fd);
int32_t wasmc_wasi_sock_recv(wasmc_instance *inst, int32_t fd, int32_t ri_data, int32_t ri_data_len, int32_t ri_flags, int32_t ro_datalen, int32_t ro_flags);
int32_t wasmc_wasi_sock_send(wasmc_instance *inst, int32_t fd, int32_t si_data, int32_t si_data_len, int32_t si_flags, int32_t so_datalen);
int32_t wasmc_wasi_sock_shutdown(wasmc_instance *inst, int32_t fd, int32_t how);

#endif /* PX_WASI_H */
