package flushwaitextension

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/extensioncapabilities"
	"go.opentelemetry.io/collector/extension/extensionmiddleware"
	"go.uber.org/zap"
)

// readInterval is how often the servers' start times are read, and how often a held write asks again about a
// server it cannot reach.
const readInterval = 500 * time.Millisecond

type flushWait struct {
	hold            time.Duration
	unreachableWait time.Duration
	starts          *startTimes
	logger          *zap.Logger

	// released is closed when the collector stops taking data: a graceful stop answers held writes at once (the
	// servers keep running, or are stopped after the collector and flush on their way down).
	released    chan struct{}
	releaseOnce sync.Once

	confirmed atomic.Int64
	resent    atomic.Int64
}

var (
	_ component.Component                   = (*flushWait)(nil)
	_ extensionmiddleware.HTTPClient        = (*flushWait)(nil)
	_ extensioncapabilities.PipelineWatcher = (*flushWait)(nil)
)

func newFlushWait(cfg *Config, logger *zap.Logger) *flushWait {
	return &flushWait{
		hold:            cfg.Hold,
		unreachableWait: cfg.UnreachableWait,
		starts:          newStartTimes(cfg.serverURLs(), cfg.StartTimeMetric, cfg.ProbeTimeout, readInterval),
		logger:          logger,
		released:        make(chan struct{}),
	}
}

func (f *flushWait) Start(context.Context, component.Host) error {
	if f.hold > 0 {
		f.starts.start()
	}
	return nil
}

func (f *flushWait) Shutdown(context.Context) error {
	f.release()
	if f.hold > 0 {
		f.starts.shutdown()
	}
	f.logger.Info("flushwait totals", zap.Int64("confirmed", f.confirmed.Load()), zap.Int64("resent", f.resent.Load()))
	return nil
}

func (f *flushWait) Ready() error { return nil }

func (f *flushWait) NotReady() error {
	f.release()
	return nil
}

func (f *flushWait) release() { f.releaseOnce.Do(func() { close(f.released) }) }

func (f *flushWait) GetHTTPRoundTripper(context.Context) (extensionmiddleware.WrapHTTPRoundTripperFunc, error) {
	return func(_ context.Context, base http.RoundTripper) (http.RoundTripper, error) {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) { return f.roundTrip(base, req) }), nil
	}, nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (fn roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return fn(req) }

// roundTrip sends the write, and answers a 2xx only once the servers have had `hold` to flush it and none that
// could hold it restarted since it was sent; otherwise the exporter gets an error and retries from its queue.
func (f *flushWait) roundTrip(base http.RoundTripper, req *http.Request) (*http.Response, error) {
	if f.hold <= 0 {
		return base.RoundTrip(req)
	}
	before := f.starts.newest()
	sent := time.Now()
	resp, err := base.RoundTrip(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, err
	}
	if err := f.confirm(req.Context(), sent, time.Now().Add(f.hold), before); err != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		n := f.resent.Add(1)
		f.logger.Warn("a write the server accepted may not have reached its disk; sending it again",
			zap.Error(err), zap.Int64("resent", n))
		return nil, err
	}
	f.confirmed.Add(1)
	return resp, nil
}

// confirm waits out the hold, then compares each server with the read before the write was sent:
//   - up then, and now up with a start time before the write: it kept the write;
//   - up then, and now restarted: the write may be gone, an error;
//   - up then, and now unreachable: asked again every readInterval for up to unreachable_wait, then an error;
//   - down then (a cluster's insert node routed the write elsewhere): not involved.
//
// Start times are whole seconds: a server that started in the second the write was sent counts as restarted (the
// write is sent again; a duplicate at worst, never a loss).
func (f *flushWait) confirm(ctx context.Context, sent, flushedBy time.Time, before *startTimesRead) error {
	timer := time.NewTimer(time.Until(flushedBy))
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-f.released:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	giveUp := time.Now().Add(f.unreachableWait)
	if deadline, ok := ctx.Deadline(); ok && deadline.Add(-time.Second).Before(giveUp) {
		giveUp = deadline.Add(-time.Second)
	}
	after := flushedBy
	for {
		now, err := f.starts.since(ctx, after)
		if err != nil {
			return err
		}
		var unreachable error
		for i, server := range now.servers {
			// The first server is the one written to: its 2xx says it was up, whatever the earlier read said.
			if i > 0 && before != nil && before.servers[i].err != nil {
				continue
			}
			switch {
			case server.err != nil:
				unreachable = errors.Join(unreachable, server.err)
			case server.start >= sent.Unix():
				return fmt.Errorf("flushwait: %s restarted at %s, after a write it accepted at %s", f.starts.urls[i],
					time.Unix(server.start, 0).UTC().Format(time.RFC3339), sent.UTC().Format(time.RFC3339Nano))
			}
		}
		if unreachable == nil {
			return nil
		}
		if !time.Now().Add(readInterval).Before(giveUp) {
			return fmt.Errorf("flushwait: cannot tell whether the server kept a write: %w", unreachable)
		}
		select {
		case <-f.released:
			return fmt.Errorf("flushwait: stopping while a server is unreachable: %w", unreachable)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		after = time.Now().Add(time.Millisecond)
	}
}
