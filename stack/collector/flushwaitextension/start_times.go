package flushwaitextension

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// startTimes reads every watched server's process start time every `interval`, for as long as the collector runs.
// A write compares the read before it was sent with one that began after its hold.
type startTimes struct {
	client   *http.Client
	urls     []string
	metric   string
	timeout  time.Duration
	interval time.Duration

	mu      sync.Mutex
	latest  *startTimesRead
	changed chan struct{} // closed and replaced when a new read is published
	stop    chan struct{}
	stopped sync.WaitGroup
}

// startTimesRead is one read of every server, in the order of urls.
type startTimesRead struct {
	began   time.Time
	servers []serverStart
}

// serverStart is one server's start time (Unix seconds), or why it could not be read.
type serverStart struct {
	start int64
	err   error
}

func newStartTimes(urls []string, metric string, timeout, interval time.Duration) *startTimes {
	return &startTimes{
		client:   &http.Client{},
		urls:     urls,
		metric:   metric,
		timeout:  timeout,
		interval: interval,
		changed:  make(chan struct{}),
		stop:     make(chan struct{}),
	}
}

func (s *startTimes) start() {
	s.stopped.Add(1)
	go func() {
		defer s.stopped.Done()
		for {
			s.publish(s.readAll())
			select {
			case <-time.After(s.interval):
			case <-s.stop:
				return
			}
		}
	}()
}

func (s *startTimes) shutdown() {
	close(s.stop)
	s.stopped.Wait()
}

func (s *startTimes) publish(read *startTimesRead) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latest = read
	close(s.changed)
	s.changed = make(chan struct{})
}

// newest is the latest published read, nil before the first one.
func (s *startTimes) newest() *startTimesRead {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest
}

// since waits for a read that began at or after t.
func (s *startTimes) since(ctx context.Context, t time.Time) (*startTimesRead, error) {
	for {
		s.mu.Lock()
		latest, changed := s.latest, s.changed
		s.mu.Unlock()
		if latest != nil && !latest.began.Before(t) {
			return latest, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.stop:
			return nil, fmt.Errorf("flushwait: stopped")
		}
	}
}

// readAll reads every server at once, so one that hangs delays the read by probe_timeout, not the others.
func (s *startTimes) readAll() *startTimesRead {
	read := &startTimesRead{began: time.Now(), servers: make([]serverStart, len(s.urls))}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var wg sync.WaitGroup
	for i, url := range s.urls {
		wg.Go(func() {
			start, err := s.startOf(ctx, url)
			read.servers[i] = serverStart{start: start, err: err}
		})
	}
	wg.Wait()
	return read
}

// startOf reads one server's start time (Unix seconds) from its Prometheus text /metrics.
func (s *startTimes) startOf(ctx context.Context, baseURL string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s is unreachable: %w", baseURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s/metrics answered %s", baseURL, resp.Status)
	}
	scanner := bufio.NewScanner(resp.Body)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for scanner.Scan() {
		line := scanner.Text()
		rest, found := strings.CutPrefix(line, s.metric)
		if !found || (!strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "{")) {
			continue
		}
		fields := strings.Fields(rest[strings.LastIndex(rest, "}")+1:])
		if len(fields) == 0 {
			continue
		}
		value, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, fmt.Errorf("%s/metrics: %s is not a number: %q", baseURL, s.metric, fields[0])
		}
		return int64(value), nil
	}
	if err := scanner.Err(); err != nil {
		return 0, fmt.Errorf("%s/metrics: %w", baseURL, err)
	}
	return 0, fmt.Errorf("%s/metrics has no %s", baseURL, s.metric)
}
