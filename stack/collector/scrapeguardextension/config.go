package scrapeguardextension

import "errors"

// Config bounds how many requests the guarded HTTP server handles at once.
type Config struct {
	// MaxInFlight is how many requests run at the same time; the rest wait their turn while their client waits.
	MaxInFlight int `mapstructure:"max_in_flight"`
}

func createDefaultConfig() *Config {
	return &Config{MaxInFlight: 1}
}

// Validate checks the configuration when the collector starts.
func (c *Config) Validate() error {
	if c.MaxInFlight < 1 {
		return errors.New("max_in_flight must be at least 1")
	}
	return nil
}
