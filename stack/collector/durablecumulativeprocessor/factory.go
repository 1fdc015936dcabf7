// Package durablecumulativeprocessor turns DELTA sums into running (cumulative) totals, as contrib's
// deltatocumulative does, and keeps every total in an append-only journal written before the point is passed on.
// A killed collector comes back with the same totals and start times: the series it exposes continue where they
// were, and a client's retry of a request already counted is recognised by its timestamp and dropped.
package durablecumulativeprocessor

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
)

const typeName = "durablecumulative"

// NewFactory returns the factory the collector builder registers.
func NewFactory() processor.Factory {
	return processor.NewFactory(
		component.MustNewType(typeName),
		func() component.Config { return createDefaultConfig() },
		processor.WithMetrics(createMetricsProcessor, component.StabilityLevelDevelopment),
	)
}

func createMetricsProcessor(
	_ context.Context,
	set processor.Settings,
	cfg component.Config,
	next consumer.Metrics,
) (processor.Metrics, error) {
	pcfg, ok := cfg.(*Config)
	if !ok {
		return nil, errors.New("durablecumulative: unexpected configuration type")
	}
	tel, err := newTelemetry(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return newProcessor(pcfg, set.Logger, tel, next), nil
}
