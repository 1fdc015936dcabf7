import { describe, expect, it } from 'vitest';
import { dockerEngineAnswers } from '../../stack/docker/docker-engine.js';
import { composeFilePath } from '../../stack/docker/compose-stack.js';

const engine = await dockerEngineAnswers();
const reason =
  'no Docker engine answers on this machine (docker info failed): the compose path cannot run here';

describe.skipIf(!engine)(`docker compose stack${engine ? '' : ` — skipped: ${reason}`}`, () => {
  it('starts the official images with testcontainers and ingests a log record', async () => {
    const { DockerComposeEnvironment, Wait } = await import('testcontainers');
    const { dirname } = await import('node:path');
    process.env.AIMON_GRAFANA_ADMIN_PASSWORD ??= 'aimon-test-password';
    // VictoriaLogs' management keys have no default either; the flush key is also what aimon's clients send.
    process.env.AIMON_VICTORIALOGS_FLUSH_KEY ??= 'aimon-test-flush-key';
    process.env.AIMON_VICTORIALOGS_MANAGEMENT_KEY ??= 'aimon-test-management-key';
    const environment = await new DockerComposeEnvironment(dirname(composeFilePath()), 'compose.yaml')
      .withWaitStrategy('victorialogs-1', Wait.forHttp('/health', 9428))
      .withWaitStrategy('otel-collector-1', Wait.forHttp('/', 13133))
      .up(['victorialogs', 'otel-collector', 'prometheus']);
    try {
      const collector = environment.getContainer('otel-collector-1');
      const response = await fetch(`http://${collector.getHost()}:${collector.getMappedPort(4318)}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resourceLogs: [] }),
      });
      expect(response.status).toBe(200);
    } finally {
      await environment.down();
    }
  });
});
