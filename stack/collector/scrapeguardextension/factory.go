// Package scrapeguardextension is an HTTP server middleware that lets a bounded number of requests run at once and
// drops a waiting request as soon as its client gives up. Guarding the prometheus exporter with it keeps scrapes
// from piling up (aimon allows two, one per scrape job of the page): the exporter renders its whole page on every request and does not stop when Prometheus' scrape
// timeout closes the connection, so on a starved machine a page that takes longer than the timeout to render used
// to gather a new concurrent render every scrape interval until the heap and CPU were gone (99 renders and a 6 GB
// heap measured), and the page was never scraped again.
package scrapeguardextension

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"
)

const typeName = "scrapeguard"

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
		return nil, errors.New("scrapeguard: unexpected configuration type")
	}
	return newGuard(ecfg, set.Logger), nil
}
