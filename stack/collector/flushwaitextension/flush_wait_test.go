package flushwaitextension

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
)

// fakeServer takes writes with writeStatus and serves /metrics with a start time the test sets; while down it
// answers /metrics with 503, as if it could not be reached.
type fakeServer struct {
	*httptest.Server
	start       atomic.Int64
	down        atomic.Bool
	noMetric    atomic.Bool
	metricsHits atomic.Int64
	writeStatus atomic.Int64
}

func newFakeServer(t *testing.T) *fakeServer {
	s := &fakeServer{}
	s.start.Store(time.Now().Add(-time.Hour).Unix())
	s.writeStatus.Store(http.StatusOK)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			s.metricsHits.Add(1)
			switch {
			case s.down.Load():
				w.WriteHeader(http.StatusServiceUnavailable)
			case s.noMetric.Load():
				fmt.Fprint(w, "process_cpu_seconds_total 1\n")
			default:
				fmt.Fprintf(w, "# HELP process_start_time_seconds x\nprocess_start_time_seconds_other 1\nprocess_start_time_seconds %d\n", s.start.Load())
			}
			return
		}
		w.WriteHeader(int(s.writeStatus.Load()))
	}))
	t.Cleanup(s.Close)
	return s
}

func newTestWait(t *testing.T, hold time.Duration, servers string, unreachableWait time.Duration) *flushWait {
	cfg := createDefaultConfig()
	cfg.Hold = hold
	cfg.Servers = servers
	cfg.ProbeTimeout = time.Second
	cfg.UnreachableWait = unreachableWait
	f := newFlushWait(cfg, zap.NewNop())
	if err := f.Start(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Shutdown(context.Background()) })
	if hold > 0 {
		for f.starts.newest() == nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return f
}

func client(t *testing.T, f *flushWait) *http.Client {
	wrap, err := f.GetHTTPRoundTripper(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rt, err := wrap(context.Background(), http.DefaultTransport)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: rt}
}

func post(c *http.Client, url string) (*http.Response, error) {
	resp, err := c.Post(url+"/insert", "application/x-protobuf", nil)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

func after(d time.Duration, do func()) {
	go func() {
		time.Sleep(d)
		do()
	}()
}

func TestAnswersAfterTheHoldWhenTheServerDidNotRestart(t *testing.T) {
	server := newFakeServer(t)
	f := newTestWait(t, 300*time.Millisecond, server.URL, 0)
	began := time.Now()
	resp, err := post(client(t, f), server.URL)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("got %v, %v; want 200", resp, err)
	}
	if waited := time.Since(began); waited < 300*time.Millisecond {
		t.Fatalf("answered after %v, before the 300ms hold", waited)
	}
	if f.confirmed.Load() != 1 || f.resent.Load() != 0 {
		t.Fatalf("confirmed %d resent %d; want 1 and 0", f.confirmed.Load(), f.resent.Load())
	}
}

func TestAWriteIsAnErrorWhenTheServerRestartedDuringTheHold(t *testing.T) {
	server := newFakeServer(t)
	f := newTestWait(t, 300*time.Millisecond, server.URL, 0)
	after(100*time.Millisecond, func() { server.start.Store(time.Now().Unix()) })
	if _, err := post(client(t, f), server.URL); err == nil {
		t.Fatal("a write taken by a server that restarted before flushing it was answered as kept")
	}
	if f.resent.Load() != 1 {
		t.Fatalf("resent %d; want 1", f.resent.Load())
	}
}

func TestAWriteIsAnErrorWhenANodeThatWasUpRestartedDuringTheHold(t *testing.T) {
	insert, storage := newFakeServer(t), newFakeServer(t)
	f := newTestWait(t, 300*time.Millisecond, insert.URL+","+storage.URL, 0)
	after(100*time.Millisecond, func() { storage.start.Store(time.Now().Unix()) })
	if _, err := post(client(t, f), insert.URL); err == nil {
		t.Fatal("a storage node restarted during the hold, yet the write was answered as kept")
	}
}

func TestAWriteIsAnErrorWhenANodeThatWasUpIsStillUnreachableAfterTheWait(t *testing.T) {
	insert, storage := newFakeServer(t), newFakeServer(t)
	f := newTestWait(t, 100*time.Millisecond, insert.URL+","+storage.URL, 1200*time.Millisecond)
	after(50*time.Millisecond, func() { storage.down.Store(true) })
	began := time.Now()
	if _, err := post(client(t, f), insert.URL); err == nil {
		t.Fatal("a write was answered as kept although a node that was up when it was sent could not be asked")
	}
	if waited := time.Since(began); waited < 700*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("gave up after %v; want about the 1.2 s wait", waited)
	}
}

func TestAWriteWaitsForAnUnreachableNodeAndIsKeptIfItDidNotRestart(t *testing.T) {
	insert, storage := newFakeServer(t), newFakeServer(t)
	f := newTestWait(t, 100*time.Millisecond, insert.URL+","+storage.URL, 10*time.Second)
	after(50*time.Millisecond, func() { storage.down.Store(true) })
	after(1200*time.Millisecond, func() { storage.down.Store(false) })
	began := time.Now()
	if _, err := post(client(t, f), insert.URL); err != nil {
		t.Fatalf("a node that came back with its old start time had kept the write, yet: %v", err)
	}
	if waited := time.Since(began); waited < time.Second {
		t.Fatalf("answered after %v, while the node was still unreachable", waited)
	}
}

func TestANodeDownBeforeTheWriteWasSentIsNotInvolved(t *testing.T) {
	insert, storage := newFakeServer(t), newFakeServer(t)
	storage.down.Store(true)
	f := newTestWait(t, 100*time.Millisecond, insert.URL+","+storage.URL, 10*time.Second)
	after(300*time.Millisecond, func() {
		storage.start.Store(time.Now().Unix())
		storage.down.Store(false)
	})
	began := time.Now()
	if _, err := post(client(t, f), insert.URL); err != nil {
		t.Fatalf("the insert node routed around a node that was down; the write was kept, yet: %v", err)
	}
	if waited := time.Since(began); waited > 2*time.Second {
		t.Fatalf("waited %v for a node the write never reached", waited)
	}
}

func TestTheServerWrittenToCountsEvenIfTheReadBeforeSawItDown(t *testing.T) {
	server := newFakeServer(t)
	server.down.Store(true)
	f := newTestWait(t, 100*time.Millisecond, server.URL, 0)
	server.down.Store(false)
	after(50*time.Millisecond, func() { server.start.Store(time.Now().Unix()) })
	if _, err := post(client(t, f), server.URL); err == nil {
		t.Fatal("the server that answered the write restarted during the hold, yet the write was answered as kept")
	}
}

func TestAServerWithoutTheStartTimeMetricCannotConfirm(t *testing.T) {
	server := newFakeServer(t)
	server.noMetric.Store(true)
	f := newTestWait(t, 100*time.Millisecond, server.URL, 0)
	if _, err := post(client(t, f), server.URL); err == nil {
		t.Fatal("a write was answered as kept without the server's start time")
	}
}

func TestFailedWritesAreAnsweredAtOnce(t *testing.T) {
	server := newFakeServer(t)
	server.writeStatus.Store(http.StatusServiceUnavailable)
	f := newTestWait(t, 5*time.Second, server.URL, 0)
	began := time.Now()
	resp, err := post(client(t, f), server.URL)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("got %v, %v; want the 503 itself", resp, err)
	}
	if time.Since(began) > 2*time.Second {
		t.Fatal("a refused write was held")
	}
}

func TestAGracefulStopAnswersHeldWritesAtOnce(t *testing.T) {
	server := newFakeServer(t)
	f := newTestWait(t, time.Minute, server.URL, 0)
	done := make(chan error, 1)
	go func() {
		_, err := post(client(t, f), server.URL)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if err := f.NotReady(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("held write failed at a graceful stop: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a held write was still held after NotReady")
	}
}

func TestConcurrentWritesShareReadsOfTheStartTime(t *testing.T) {
	server := newFakeServer(t)
	f := newTestWait(t, 200*time.Millisecond, server.URL, 0)
	c := client(t, f)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := post(c, server.URL); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if hits := server.metricsHits.Load(); hits > 5 {
		t.Fatalf("%d reads of /metrics for 50 concurrent writes held 200 ms; they should share reads", hits)
	}
}

func TestHoldZeroPassesWritesThrough(t *testing.T) {
	server := newFakeServer(t)
	f := newTestWait(t, 0, "", 0)
	if _, err := post(client(t, f), server.URL); err != nil || server.metricsHits.Load() != 0 {
		t.Fatalf("hold 0: %v, %d reads", err, server.metricsHits.Load())
	}
}

func TestConfigValidation(t *testing.T) {
	for name, cfg := range map[string]Config{
		"negative hold":             {Hold: -time.Second, Servers: "http://a", StartTimeMetric: "m", ProbeTimeout: time.Second},
		"no servers":                {Hold: time.Second, Servers: " , ", StartTimeMetric: "m", ProbeTimeout: time.Second},
		"not a URL":                 {Hold: time.Second, Servers: "127.0.0.1:9428", StartTimeMetric: "m", ProbeTimeout: time.Second},
		"no metric":                 {Hold: time.Second, Servers: "http://a", ProbeTimeout: time.Second},
		"no probe timeout":          {Hold: time.Second, Servers: "http://a", StartTimeMetric: "m"},
		"negative unreachable wait": {Hold: time.Second, Servers: "http://a", StartTimeMetric: "m", ProbeTimeout: time.Second, UnreachableWait: -time.Second},
	} {
		if err := cfg.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	ok := Config{Hold: time.Second, Servers: "http://a:1, https://b:2/", StartTimeMetric: "m", ProbeTimeout: time.Second}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if urls := ok.serverURLs(); len(urls) != 2 || urls[1] != "https://b:2" {
		t.Fatalf("serverURLs: %v", urls)
	}
}
