package archive

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresDSNEnv names the throwaway cluster scripts/test.sh starts.
const postgresDSNEnv = "EXOTRACE_TEST_POSTGRES_DSN"

// pgDSN skips outside CI when no cluster is configured; in CI a missing cluster
// is a failure, so the Postgres cases can never silently not run there.
func pgDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresDSNEnv)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set in CI: scripts/test.sh starts a throwaway PostgreSQL and sets it", postgresDSNEnv)
		}
		t.Skipf("%s not set (scripts/test.sh sets it)", postgresDSNEnv)
	}
	return dsn
}

var tenantSeq atomic.Int64

// newTenant is a tenant name of its own, whose schema is dropped after the test.
func newTenant(t testing.TB, dsn string) string {
	t.Helper()
	tenant := fmt.Sprintf("test-%s-%d-%d", t.Name(), os.Getpid(), tenantSeq.Add(1))
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{SchemaFor(tenant)}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return tenant
}

func openPG(t testing.TB, dsn, tenant string) *Postgres {
	t.Helper()
	p, err := OpenPostgres(context.Background(), dsn, tenant)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPostgres(t *testing.T) {
	dsn := pgDSN(t)
	conformance(t, func(t *testing.T) Archive { return openPG(t, dsn, newTenant(t, dsn)) }, KindPostgres)
}

func TestPostgresPartitions(t *testing.T) {
	dsn := pgDSN(t)
	ctx := context.Background()
	p := openPG(t, dsn, newTenant(t, dsn))
	months := []time.Time{
		time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
	for i, from := range months {
		if err := p.Write(ctx, Window{From: from, To: from.Add(time.Hour), Fetched: from.Add(48 * time.Hour), Complete: true, Traces: genTraces(100+i, from, time.Hour, 20)}); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := p.partitions(ctx, p.db)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || parts["traces_202609"].IsZero() || parts["traces_202610"].IsZero() || parts["traces_202611"].IsZero() {
		t.Fatalf("partitions = %v", parts)
	}
	// Cut inside October: September is dropped whole, October's morning deleted.
	n, err := p.Prune(ctx, time.Date(2026, 10, 15, 0, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if n != 30 {
		t.Fatalf("pruned %d rows, want 20 + 10", n)
	}
	if parts, _ = p.partitions(ctx, p.db); len(parts) != 2 || !parts["traces_202609"].IsZero() {
		t.Fatalf("partitions after prune = %v", parts)
	}
	// A write into a dropped month recreates it.
	if err := p.Write(ctx, Window{From: months[0], To: months[0].Add(time.Hour), Fetched: months[0].Add(time.Hour), Traces: genTraces(9, months[0], time.Hour, 4)}); err != nil {
		t.Fatal(err)
	}
	if got := len(readAll(t, p, months[0], months[2].Add(time.Hour))); got != 4+10+20 {
		t.Fatalf("rows = %d, want 34", got)
	}
}

func TestPostgresConfigErrors(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, dsn, tenant, want string }{
		{"empty dsn", "", "t", "connection string is empty"},
		{"empty tenant", "host=/tmp", " ", "tenant is empty"},
		{"bad dsn, secret kept out", "postgres://u:s3cret@[::1", "t", "cannot be parsed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := OpenPostgres(ctx, c.dsn, c.tenant)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("err = %v, want %q without the password", err, c.want)
			}
		})
	}
}

// The collector child takes the lead when it can and says so.
const collectorChildEnv = "EXOTRACE_ARCHIVE_COLLECTOR_CHILD"

func collectorChild(spec string) {
	dsn, tenant, _ := strings.Cut(spec, "\n")
	ctx := context.Background()
	p, err := OpenPostgres(ctx, dsn, tenant)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	c := p.Collector(fmt.Sprintf("child-%d", os.Getpid()))
	for {
		ok, err := c.Check(ctx)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		if ok {
			fmt.Println("leading")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestCollectorTakeover: a child process collects; this process's collector
// stands by; the child is killed with SIGKILL and this one takes over, well
// inside a minute.
func TestCollectorTakeover(t *testing.T) {
	dsn := pgDSN(t)
	ctx := context.Background()
	tenant := newTenant(t, dsn)
	p := openPG(t, dsn, tenant)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), collectorChildEnv+"="+dsn+"\n"+tenant)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill() //nolint:errcheck // already dead on the normal path
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "leading" {
		t.Fatalf("child: %q", sc.Text())
	}
	go func() {
		for sc.Scan() { // keep draining so the child never blocks on stdout
		}
	}()

	me := p.Collector("parent")
	defer me.Close()
	other := p.Collector("parent-2") // a second standby, on its own session
	defer other.Close()
	for _, c := range []*Collector{me, other} {
		if ok, err := c.Check(ctx); err != nil || ok {
			t.Fatalf("standby Check = %v, %v while the child holds the lock", ok, err)
		}
	}
	h, err := p.Health(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("child-%d", cmd.Process.Pid); h.Collector != want {
		t.Fatalf("health collector = %q, want %q", h.Collector, want)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() //nolint:errcheck // killed on purpose
	killed := time.Now()
	var took time.Duration
	for {
		ok, err := me.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			took = time.Since(killed)
			break
		}
		if time.Since(killed) > time.Minute {
			t.Fatal("no takeover within a minute of the holder's death")
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("took over %s after SIGKILL", took.Round(time.Millisecond))
	if ok, err := other.Check(ctx); err != nil || ok {
		t.Fatalf("second standby Check = %v, %v: two collectors", ok, err)
	}
	if ok, err := me.Check(ctx); err != nil || !ok {
		t.Fatalf("holder's heartbeat Check = %v, %v", ok, err)
	}
	if h, err = p.Health(ctx); err != nil || h.Collector != "parent" {
		t.Fatalf("health collector = %q, %v", h.Collector, err)
	}
	// A clean Close hands over at the standby's next check.
	if err := me.Close(); err != nil {
		t.Fatal(err)
	}
	if ok, err := other.Check(ctx); err != nil || !ok {
		t.Fatalf("after Close: standby Check = %v, %v", ok, err)
	}
}

// TestSharedBudget: two handles (two connection pools, as two replicas) take
// slots concurrently; exactly limit succeed per window, waits are exact to the
// database clock, and a 429 pause stops both.
func TestSharedBudget(t *testing.T) {
	dsn := pgDSN(t)
	ctx := context.Background()
	tenant := newTenant(t, dsn)
	replicas := []*SharedBudget{openPG(t, dsn, tenant).Budget(), openPG(t, dsn, tenant).Budget()}
	const window, limit = 3 * time.Second, 10
	for _, b := range replicas {
		b.Window = window
	}
	start := time.Now()
	var taken atomic.Int64
	var mu sync.Mutex
	var waits []time.Duration
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(b *SharedBudget) {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				wait, paused, err := b.TryTake(ctx, limit)
				if err != nil || paused {
					t.Errorf("TryTake: %v, paused %v", err, paused)
					return
				}
				if wait == 0 {
					taken.Add(1)
				} else {
					mu.Lock()
					waits = append(waits, wait)
					mu.Unlock()
				}
			}
		}(replicas[g%2])
	}
	wg.Wait()
	if taken.Load() != limit || len(waits) != 32-limit {
		t.Fatalf("taken %d, refused %d; want %d and %d", taken.Load(), len(waits), limit, 32-limit)
	}
	elapsed := time.Since(start)
	for _, w := range waits {
		if w <= 0 || w > window || w < window-elapsed-time.Second {
			t.Fatalf("wait %s outside (%s, %s]", w, window-elapsed, window)
		}
	}
	if n, err := replicas[0].Used(ctx); err != nil || n != limit {
		t.Fatalf("Used = %d, %v", n, err)
	}
	// After the longest wait, the window has room again.
	time.Sleep(slices.Max(waits) + 50*time.Millisecond)
	if wait, _, err := replicas[1].TryTake(ctx, limit); err != nil || wait != 0 {
		t.Fatalf("after the window: wait %s, %v", wait, err)
	}
	if err := replicas[0].PauseFor(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := replicas[1].PauseFor(ctx, time.Second); err != nil { // shorter: no effect
		t.Fatal(err)
	}
	wait, paused, err := replicas[1].TryTake(ctx, limit)
	if err != nil || !paused || wait <= time.Second || wait > 2*time.Second {
		t.Fatalf("while paused: wait %s, paused %v, %v", wait, paused, err)
	}
	if _, _, err := replicas[0].TryTake(ctx, 0); err == nil {
		t.Fatal("limit 0 accepted")
	}
}

// The budget child takes slots for a while, as a replica's Graph client would,
// and prints how many it got.
const budgetChildEnv = "EXOTRACE_ARCHIVE_BUDGET_CHILD"

const (
	budgetChildLimit  = 10
	budgetChildWindow = 10 * time.Second
)

func budgetChild(spec string) {
	dsn, tenant, _ := strings.Cut(spec, "\n")
	ctx := context.Background()
	p, err := OpenPostgres(ctx, dsn, tenant)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	b := p.Budget()
	b.Window = budgetChildWindow
	got := 0
	for end := time.Now().Add(1500 * time.Millisecond); time.Now().Before(end); {
		wait, _, err := b.TryTake(ctx, budgetChildLimit)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		if wait == 0 {
			got++
		} else {
			time.Sleep(min(wait, 20*time.Millisecond))
		}
	}
	fmt.Println("taken", got)
}

// TestSharedBudgetProcesses: three processes hammer one tenant's budget for
// 1.5 s of a 10 s window; together they get exactly the limit.
func TestSharedBudgetProcesses(t *testing.T) {
	dsn := pgDSN(t)
	tenant := newTenant(t, dsn)
	openPG(t, dsn, tenant) // the schema exists before the children race
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), budgetChildEnv+"="+dsn+"\n"+tenant)
		out := &strings.Builder{}
		cmd.Stdout = out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	total := 0
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v: %s", i, err, outs[i])
		}
		var n int
		if _, err := fmt.Sscanf(outs[i].String(), "taken %d", &n); err != nil {
			t.Fatalf("child %d printed %q", i, outs[i])
		}
		total += n
	}
	if total != budgetChildLimit {
		t.Fatalf("the processes took %d slots together, want exactly %d", total, budgetChildLimit)
	}
}
