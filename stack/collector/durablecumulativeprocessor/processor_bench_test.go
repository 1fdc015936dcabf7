package durablecumulativeprocessor

import (
	"context"
	"fmt"
	"testing"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.uber.org/zap"
)

// BenchmarkConsume measures one export like Claude Code's: 12 DELTA counters of one session, as the collector
// receives them, across 1,000 live sessions. Reports the cost per data point and the journal bytes per point.
func BenchmarkConsume(b *testing.B) {
	const metricsPerExport = 12
	cfg := createDefaultConfig()
	cfg.Directory = b.TempDir()
	next, _ := consumer.NewMetrics(func(context.Context, pmetric.Metrics) error { return nil })
	p := newProcessor(cfg, zap.NewNop(), nil, next)
	if err := p.Start(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	defer p.Shutdown(context.Background())
	exports := make([]pmetric.Metrics, b.N)
	for i := range exports {
		md := pmetric.NewMetrics()
		for m := 0; m < metricsPerExport; m++ {
			one := deltaRequest(fmt.Sprintf("metric.%d", m), fmt.Sprintf("s%d", i%1000), 1, i/1000, i/1000+1)
			one.ResourceMetrics().MoveAndAppendTo(md.ResourceMetrics())
		}
		exports[i] = md
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range exports {
		if err := p.ConsumeMetrics(context.Background(), exports[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	points := float64(b.N * metricsPerExport)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/points, "ns/point")
	b.ReportMetric(float64(p.journal.size)/points, "journal-B/point")
}
