package scrapeguardextension

import (
	"context"
	"net/http"
	"sync/atomic"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/extensionmiddleware"
	"go.uber.org/zap"
)

type guard struct {
	slots     chan struct{}
	logger    *zap.Logger
	abandoned atomic.Int64
}

var (
	_ component.Component            = (*guard)(nil)
	_ extensionmiddleware.HTTPServer = (*guard)(nil)
)

func newGuard(cfg *Config, logger *zap.Logger) *guard {
	return &guard{slots: make(chan struct{}, cfg.MaxInFlight), logger: logger}
}

func (g *guard) Start(context.Context, component.Host) error { return nil }

func (g *guard) Shutdown(context.Context) error { return nil }

// GetHTTPHandler wraps the server's handler: a request runs once a slot is free, and is dropped unanswered if its
// client disconnects (Prometheus' scrape timeout) before that, so a slow render never has company.
func (g *guard) GetHTTPHandler(context.Context) (extensionmiddleware.WrapHTTPHandlerFunc, error) {
	return func(_ context.Context, next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case g.slots <- struct{}{}:
				defer func() { <-g.slots }()
				if r.Context().Err() != nil {
					g.dropped()
					return
				}
				next.ServeHTTP(w, r)
			case <-r.Context().Done():
				g.dropped()
			}
		}), nil
	}, nil
}

func (g *guard) dropped() {
	n := g.abandoned.Add(1)
	g.logger.Debug("request dropped: its client left while another one was served", zap.Int64("dropped", n))
}
