import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { parseConfig } from '../config/load-config';

/** The issues a config's text has, as `path: message`. */
function issuesOf(text: string): string[] {
  try {
    parseConfig({ text, file: 'switchyard.yaml', environment: {} });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
    throw error;
  }
  return [];
}

const BASE = `
providers: { local: {} }
routes: { text: { targets: ["local:echo"] } }
`;

describe('health config', () => {
  it('should take the health keys', () => {
    expect(
      issuesOf(`${BASE}
webhooks: { secret: "whsec-0123456789abcdef" }
health:
  probeIntervalMs: 60000
  probeTimeoutMs: 2000
  probes: { local: false }
  thresholds: { downAfterFailures: 2, downErrorRate: 0.6, degradedErrorRate: 0.2, minCalls: 10, slowP95Ms: 4000, windowMs: 120000 }
  alerts: { webhookUrl: "https://ops.example.com/hooks" }
`),
    ).toEqual([]);
  });

  it('should refuse alerts without webhooks.secret, and probes of an instance that is not configured', () => {
    expect(
      issuesOf(`${BASE}
health:
  probes: { openai: false }
  alerts: { webhookUrl: "https://ops.example.com/hooks" }
`),
    ).toEqual([
      expect.stringMatching(/^health\.alerts\.webhookUrl: .*webhooks\.secret/),
      expect.stringMatching(/^health\.probes\.openai: .*not a configured/),
    ]);
    expect(issuesOf(`${BASE}\nhealth: { probeIntervalMs: 10 }`)).toEqual([
      expect.stringMatching(/^health\.probeIntervalMs: /),
    ]);
    expect(
      issuesOf(
        `${BASE}\nhealth: { alerts: { webhookUrl: "ftp://x.example" } }`,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^health\.alerts\.webhookUrl: /),
      ]),
    );
  });
});
