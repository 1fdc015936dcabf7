package durablecumulativeprocessor

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// telemetry is the processor's own metrics, on the collector's :8888 page next to every otelcol_* metric:
// otelcol_durablecumulative_datapoints_total{outcome} and otelcol_durablecumulative_journal_bytes_total.
type telemetry struct {
	datapoints   metric.Int64Counter
	journalBytes metric.Int64Counter
	accumulated  metric.MeasurementOption
	notNewer     metric.MeasurementOption
	maxStreams   metric.MeasurementOption
}

func newTelemetry(settings component.TelemetrySettings) (*telemetry, error) {
	meter := settings.MeterProvider.Meter("github.com/aimon-dev/aimon/stack/collector/durablecumulativeprocessor")
	datapoints, err := meter.Int64Counter("otelcol_durablecumulative_datapoints",
		metric.WithDescription("DELTA data points by outcome: accumulated, dropped_not_newer (a retried or out-of-order point), dropped_max_streams"),
		metric.WithUnit("{datapoint}"))
	if err != nil {
		return nil, err
	}
	journalBytes, err := meter.Int64Counter("otelcol_durablecumulative_journal_bytes",
		metric.WithDescription("Bytes appended to the running totals' journal"), metric.WithUnit("By"))
	if err != nil {
		return nil, err
	}
	outcome := func(value string) metric.MeasurementOption {
		return metric.WithAttributeSet(attribute.NewSet(attribute.String("outcome", value)))
	}
	return &telemetry{
		datapoints:   datapoints,
		journalBytes: journalBytes,
		accumulated:  outcome("accumulated"),
		notNewer:     outcome("dropped_not_newer"),
		maxStreams:   outcome("dropped_max_streams"),
	}, nil
}

func (t *telemetry) record(ctx context.Context, r *request, journalled int64) {
	if t == nil {
		return
	}
	if r.accumulated > 0 {
		t.datapoints.Add(ctx, int64(r.accumulated), t.accumulated)
	}
	if r.dropped > 0 {
		t.datapoints.Add(ctx, int64(r.dropped), t.notNewer)
	}
	if r.refused > 0 {
		t.datapoints.Add(ctx, int64(r.refused), t.maxStreams)
	}
	if journalled > 0 {
		t.journalBytes.Add(ctx, journalled)
	}
}
