package archive

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash child writes hour after hour into the archive named by this
// variable, announcing each window before and after its commit on stdout.
const crashChildEnv = "EXOTRACE_ARCHIVE_CRASH_CHILD"

const crashRowsPerHour = 3000

// crashWindow is hour k of the crash run: its own rows plus a re-read of the
// previous hour's, so every commit also upserts rows that already exist.
func crashWindow(k int) Window {
	from := t0.Add(time.Duration(k) * time.Hour)
	traces := genTraces(k, from, time.Hour, crashRowsPerHour)
	if k > 0 {
		prev := genTraces(k-1, from.Add(-time.Hour), time.Hour, crashRowsPerHour)
		traces = append(prev[len(prev)/2:], traces...)
	}
	return Window{From: from, To: from.Add(time.Hour), Fetched: from.Add(25 * time.Hour), Complete: true, Traces: traces}
}

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	if spec := os.Getenv(collectorChildEnv); spec != "" {
		collectorChild(spec)
		return
	}
	if spec := os.Getenv(budgetChildEnv); spec != "" {
		budgetChild(spec)
		return
	}
	os.Exit(m.Run())
}

func crashChild(path string) {
	ctx := context.Background()
	a, err := OpenSQLite(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for k := 0; ; k++ {
		fmt.Println("writing", k)
		if err := a.Write(ctx, crashWindow(k)); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("committed", k)
	}
}

// TestCrashMidWrite kills a writing process with SIGKILL several times, at
// different points of a write, and checks the file after each: intact, no
// duplicate row, every committed hour present with all its rows, no trace of the
// window being written, and that window's hour reported missing.
func TestCrashMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "crash.sqlite")
	lastCommitted := -1
	for round, delay := range []time.Duration{0, 2 * time.Millisecond, 7 * time.Millisecond} {
		target := lastCommitted + 3
		committed := runAndKill(t, path, target, delay)
		if committed < target-1 {
			t.Fatalf("round %d: child committed up to %d, want at least %d", round, committed, target-1)
		}
		lastCommitted = checkAfterCrash(t, path, committed)
	}
}

// runAndKill starts a child that writes hours from 0 (re-writing those already
// there), waits until it announces the write of hour target, sleeps delay and
// kills it. It returns the last hour the child reported committed.
func runAndKill(t *testing.T, path string, target int, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := -1
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		if f[0] == "error" {
			t.Fatalf("child: %s", sc.Text())
		}
		k, _ := strconv.Atoi(f[1])
		if f[0] == "committed" {
			committed = k
		}
		if f[0] == "writing" && k == target {
			time.Sleep(delay)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	// Lines printed between the kill and the death may report one more commit.
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "committed" {
			committed, _ = strconv.Atoi(f[1])
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}
	return committed
}

// checkAfterCrash verifies the file and returns the last hour it holds.
func checkAfterCrash(t *testing.T, path string, committed int) int {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var rows, distinct int
	if err := db.QueryRow("SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT id, recipient FROM traces)) FROM traces").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if rows != distinct {
		t.Fatalf("%d rows but %d distinct (id, recipient): duplicates", rows, distinct)
	}
	a, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	hours, err := a.Hours(ctx, t0, t0.Add(1000*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The hour being written when the child died is either wholly there (its
	// commit reached the disk before the kill) or wholly absent.
	last := len(hours) - 1
	if last != committed && last != committed+1 {
		t.Fatalf("archive holds hours 0..%d, child committed 0..%d", last, committed)
	}
	for i, h := range hours {
		if !h.Start.Equal(t0.Add(time.Duration(i) * time.Hour)) {
			t.Fatalf("hour %d starts %s: hours are not contiguous", i, h.Start)
		}
	}
	if rows != (last+1)*crashRowsPerHour {
		t.Fatalf("%d rows for %d hours, want %d: a partial window is visible", rows, last+1, (last+1)*crashRowsPerHour)
	}
	t.Logf("killed while writing hour %d: the archive holds hours 0..%d", committed+1, last)
	never := func(_, _, _ time.Time) bool { return false }
	missing := Missing(hours, t0, t0.Add(time.Duration(last+2)*time.Hour), t0, never)
	if len(missing) != 1 || !missing[0].Equal(t0.Add(time.Duration(last+1)*time.Hour)) {
		t.Fatalf("missing = %v, want the hour after %d", missing, last)
	}
	return last
}
