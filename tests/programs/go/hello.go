// hello.go — JSON round trip, SHA-256, goroutines over a channel, a recovered
// panic (index out of range), stderr and an exit status: Go's runtime on wasip1.
// args: one two
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

type point struct {
	Name string  `json:"name"`
	X, Y float64 `json:"x,omitempty"`
	Tags []string
}

func risky(n int) (r string) {
	defer func() {
		if e := recover(); e != nil {
			r = fmt.Sprint("recovered: ", e)
		}
	}()
	var a []int
	return fmt.Sprint(a[n])
}

func main() {
	b, _ := json.Marshal([]point{{"a", 1.5, -2, []string{"x"}}, {Name: "b"}})
	fmt.Println(string(b))
	var back []point
	if err := json.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", back)
	fmt.Printf("%x\n", sha256.Sum256([]byte(strings.Repeat("wasmc", 1000))))
	var wg sync.WaitGroup
	ch := make(chan int, 100)
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := 0
			for j := 0; j <= i*1000; j++ {
				s += j
			}
			ch <- s
		}(i)
	}
	wg.Wait()
	close(ch)
	var sums []int
	for s := range ch {
		sums = append(sums, s)
	}
	sort.Ints(sums)
	fmt.Println(sums)
	fmt.Println(risky(3))
	fmt.Fprintln(os.Stderr, "args:", len(os.Args))
	os.Exit(3)
}
