// Package flushwaitextension is an HTTP client middleware that answers a write only once the server that took it
// can no longer lose it. VictoriaLogs answers 2xx as soon as rows are in memory and writes them to disk up to ~3 s
// later, so a SIGKILL (or OOM kill, or power cut) lost what the exporter had already removed from its persistent
// queue. Wrapped around the exporter's client, this holds each 2xx for `hold`, then reads every watched server's
// process start time: if one restarted since the write was sent, or cannot be reached, the write becomes a
// retryable error and the exporter sends it again from its queue. The cost is at-least-once delivery: a write the
// server had already flushed before it died is stored twice, which aimon's ledger comparison reports.
package flushwaitextension

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"
)

const typeName = "flushwait"

// NewFactory returns the factory the collector builder registers.
func NewFactory() extension.Factory {
	return extension.NewFactory(
		component.MustNewType(typeName),
		func() component.Config { return createDefaultConfig() },
		createExtension,
		component.StabilityLevelDevelopment,
	)
}

func createExtension(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	ecfg, ok := cfg.(*Config)
	if !ok {
		return nil, errors.New("flushwait: unexpected configuration type")
	}
	return newFlushWait(ecfg, set.Logger), nil
}
