package scrapeguardextension

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
)

// slowPage stands for the exporter's render: it counts how many run at once and how many ran at all.
type slowPage struct {
	running, maxRunning, served atomic.Int64
	release                     chan struct{}
}

func (p *slowPage) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	now := p.running.Add(1)
	for {
		prev := p.maxRunning.Load()
		if now <= prev || p.maxRunning.CompareAndSwap(prev, now) {
			break
		}
	}
	<-p.release
	p.running.Add(-1)
	p.served.Add(1)
	w.WriteHeader(http.StatusOK)
}

func guarded(t *testing.T, maxInFlight int, page http.Handler) (*guard, http.Handler) {
	t.Helper()
	g := newGuard(&Config{MaxInFlight: maxInFlight}, zap.NewNop())
	wrap, err := g.GetHTTPHandler(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, err := wrap(context.Background(), page)
	if err != nil {
		t.Fatal(err)
	}
	return g, h
}

func TestScrapesThatTimeOutWhileOneRendersNeverRender(t *testing.T) {
	page := &slowPage{release: make(chan struct{})}
	g, h := guarded(t, 1, page)

	first := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/metrics", nil))
		close(first)
	}()
	for page.running.Load() == 0 {
		time.Sleep(time.Millisecond)
	}

	// Ten scrapes arrive during the slow render and time out (their clients leave) before it ends.
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil).WithContext(ctx)
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
	}
	wg.Wait()
	close(page.release)
	<-first

	if got := page.served.Load(); got != 1 {
		t.Fatalf("renders: got %d, want 1 (the timed-out scrapes must not render)", got)
	}
	if got := g.abandoned.Load(); got != 10 {
		t.Fatalf("dropped: got %d, want 10", got)
	}
}

func TestWaitingScrapesRunOneAtATime(t *testing.T) {
	page := &slowPage{release: make(chan struct{})}
	_, h := guarded(t, 1, page)
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/metrics", nil))
		}()
	}
	go func() {
		for range 5 {
			page.release <- struct{}{}
		}
	}()
	wg.Wait()
	if page.served.Load() != 5 || page.maxRunning.Load() != 1 {
		t.Fatalf("served %d (want 5), at most %d at once (want 1)", page.served.Load(), page.maxRunning.Load())
	}
}

func TestMaxInFlightMustBePositive(t *testing.T) {
	if (&Config{MaxInFlight: 0}).Validate() == nil {
		t.Fatal("max_in_flight 0 accepted")
	}
	if createDefaultConfig().Validate() != nil {
		t.Fatal("default config refused")
	}
}
