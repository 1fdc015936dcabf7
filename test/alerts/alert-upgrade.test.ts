import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusAlertGroups } from '../../assertions/backends/alert-sources.js';
import { findFreePorts } from '../../core/ports.js';
import { stackUp } from '../../stack/native-stack.js';
import { isProcessAlive, stopProcess } from '../../stack/process/background-process.js';
import { stateFilePath, type StackState } from '../../stack/stack-state.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  delete process.env.AIMON_ALERTMANAGER_PORT;
  await stack?.stop();
});

describe('a stack started before aimon ran Alertmanager', () => {
  it('gains Alertmanager and a Prometheus with the rules on the next `stack up`', async () => {
    // Make the running stack look like one recorded by an older aimon: no Alertmanager, no port for it.
    const old = JSON.parse(await readFile(stateFilePath(stack.dataDir), 'utf8')) as StackState;
    const alertmanager = old.components.find((c) => c.name === 'alertmanager')!;
    await stopProcess(alertmanager.pid);
    const oldPrometheus = old.components.find((c) => c.name === 'prometheus')!;
    const collector = old.components.find((c) => c.name === 'collector')!;
    const { alertmanager: _port, ...ports } = old.ports;
    const { alertmanager: _url, ...endpoints } = old.endpoints;
    await writeFile(
      stateFilePath(stack.dataDir),
      JSON.stringify({
        ...old,
        ports,
        endpoints,
        components: old.components.filter((c) => c.name !== 'alertmanager'),
      }),
    );
    process.env.AIMON_ALERTMANAGER_PORT = String((await findFreePorts(1))[0]);

    const { state, alreadyRunning } = await stackUp({ dataDir: stack.dataDir });
    expect(alreadyRunning).toBe(false);
    expect(state.components.map((c) => c.name)).toEqual([
      'victoria-logs',
      'collector',
      'alertmanager',
      'prometheus',
    ]);
    expect(state.endpoints.alertmanager).toBe(`http://127.0.0.1:${process.env.AIMON_ALERTMANAGER_PORT}`);
    // The collector (and its running totals) stayed; Prometheus restarted with the rules and Alertmanager.
    expect(state.components.find((c) => c.name === 'collector')!.pid).toBe(collector.pid);
    expect(isProcessAlive(oldPrometheus.pid)).toBe(false);
    const groups = await prometheusAlertGroups(state.endpoints.prometheus);
    expect(groups.map((g) => g.name).sort()).toEqual(['aimon-api-errors', 'aimon-silence', 'aimon-spend']);
    const answer = (await (await fetch(`${state.endpoints.prometheus}/api/v1/alertmanagers`)).json()) as {
      data: { activeAlertmanagers: Array<{ url: string }> };
    };
    expect(answer.data.activeAlertmanagers.map((a) => a.url)).toEqual([
      `${state.endpoints.alertmanager}/api/v2/alerts`,
    ]);
  });
});
