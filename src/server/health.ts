/** One named health check (upstream healthz.HealthChecker): throws or returns false when unhealthy. */
export interface HealthCheck {
  readonly name: string;
  check(): boolean;
}

export interface HealthResult {
  readonly code: number;
  readonly body: string;
}

/**
 * `/healthz`, `/livez`, `/readyz` as upstream: `ok`, or with `?verbose` one `[+]name ok` line per check and
 * `<endpoint> check passed`; `/<endpoint>/<check>` runs one check. Failures answer 500 with `[-]name failed`.
 */
export function runHealthChecks(
  endpoint: string,
  checks: readonly HealthCheck[],
  only: string | undefined,
  verbose: boolean,
): HealthResult | undefined {
  const selected = only === undefined ? checks : checks.filter((c) => c.name === only);
  if (selected.length === 0) return undefined;
  const results = selected.map((c) => ({ name: c.name, ok: safeCheck(c) }));
  const healthy = results.every((r) => r.ok);
  if (only !== undefined)
    return { code: healthy ? 200 : 500, body: healthy ? 'ok' : `internal server error: ${only} failed` };
  if (!verbose && healthy) return { code: 200, body: 'ok' };
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`));
  lines.push(healthy ? `${endpoint} check passed` : `${endpoint} check failed`);
  return { code: healthy ? 200 : 500, body: `${lines.join('\n')}\n` };
}

function safeCheck(check: HealthCheck): boolean {
  try {
    return check.check();
  } catch {
    return false;
  }
}
