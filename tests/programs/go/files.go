// files.go — Go's os and bufio on wasip1: arguments, the environment, a
// preopened directory (create, write, append, read back, rename, list, stat,
// remove, an error on a missing file), stdin line by line, timers in a select.
// args: extra
// env: GREETING=hello from the environment
// dir: yes
// stdin: files.in
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func check(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

func main() {
	dir := os.Args[1]
	fmt.Println("args:", len(os.Args), os.Args[2:])
	fmt.Printf("GREETING=%q MISSING=%q\n", os.Getenv("GREETING"), os.Getenv("MISSING"))

	for i := 0; i < 5; i++ {
		name := filepath.Join(dir, "f"+strconv.Itoa(i)+".txt")
		check(os.WriteFile(name, []byte(strings.Repeat("x", i*100)), 0o644))
	}
	f, err := os.OpenFile(filepath.Join(dir, "f1.txt"), os.O_APPEND|os.O_WRONLY, 0)
	check(err)
	_, err = f.WriteString("appended\n")
	check(err)
	check(f.Close())
	b, err := os.ReadFile(filepath.Join(dir, "f1.txt"))
	check(err)
	fmt.Println("f1:", len(b), strings.HasSuffix(string(b), "appended\n"))
	check(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	check(os.Rename(filepath.Join(dir, "f4.txt"), filepath.Join(dir, "sub", "moved.txt")))
	check(os.Remove(filepath.Join(dir, "f0.txt")))
	var names []string
	check(filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		names = append(names, fmt.Sprintf("%s dir=%v size=%d", rel, d.IsDir(), map[bool]int64{true: 0, false: info.Size()}[d.IsDir()]))
		return nil
	}))
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(" ", n)
	}
	_, err = os.Open(filepath.Join(dir, "nothing-here"))
	fmt.Println("missing:", errors.Is(err, fs.ErrNotExist))

	sc := bufio.NewScanner(os.Stdin)
	lines, words := 0, 0
	freq := map[string]int{}
	for sc.Scan() {
		lines++
		for _, w := range strings.Fields(sc.Text()) {
			words++
			freq[strings.ToLower(w)]++
		}
	}
	check(sc.Err())
	keys := make([]string, 0, len(freq))
	for k := range freq {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if freq[keys[i]] != freq[keys[j]] {
			return freq[keys[i]] > freq[keys[j]]
		}
		return keys[i] < keys[j]
	})
	fmt.Println("stdin:", lines, "lines", words, "words, top:", keys[:3])

	done := make(chan string)
	go func() {
		time.Sleep(20 * time.Millisecond)
		done <- "worker"
	}()
	select {
	case who := <-done:
		fmt.Println("first:", who)
	case <-time.After(5 * time.Second):
		fmt.Println("first: timeout")
	}
	start := time.Now()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("slept at least 10ms:", time.Since(start) >= 10*time.Millisecond)
}
