import { CompositeReadinessCheck } from './composite-readiness-check.js';
import { HttpReadinessCheck } from './http-readiness-check.js';
import { PrometheusTargetReadinessCheck } from './prometheus-target-readiness-check.js';
import type { ReadinessCheck } from './readiness-check.js';

/** The entry point for readiness checks: `Ready.forHttp(url)`, `Ready.all(a, b)`. */
export const Ready = {
  forHttp: (url: string, bodyPredicate?: (body: string) => boolean): ReadinessCheck =>
    new HttpReadinessCheck(url, bodyPredicate),
  forPrometheusTarget: (prometheusUrl: string, job: string): ReadinessCheck =>
    new PrometheusTargetReadinessCheck(prometheusUrl, job),
  all: (...checks: ReadinessCheck[]): ReadinessCheck => new CompositeReadinessCheck(checks),
};
