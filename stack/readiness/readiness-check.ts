/** Decides when a started component counts as up. One implementation per file; `Ready` builds them. */
export interface ReadinessCheck {
  /** Short description for error messages, e.g. "GET http://127.0.0.1:9428/health". */
  readonly description: string;
  /** Resolves true when ready; false (or a thrown error) means "not yet". */
  probe(signal: AbortSignal): Promise<boolean>;
}
