import { describe, expect, it } from 'vitest';
import { datasourceVariables, resolveDatasourceType } from './datasource-ref.js';

const variables = datasourceVariables([
  { name: 'ds_prometheus', type: 'datasource', query: 'prometheus' },
  { name: 'ds_victorialogs', type: 'datasource', query: 'victoriametrics-logs-datasource' },
  { name: 'run', type: 'textbox', query: '.*' },
]);

describe('resolveDatasourceType', () => {
  it('resolves ${var} and $var references to the plugin the datasource variable picks', () => {
    expect(resolveDatasourceType({ uid: '${ds_prometheus}', type: 'prometheus' }, variables)).toBe(
      'prometheus',
    );
    expect(resolveDatasourceType({ uid: '$ds_victorialogs' }, variables)).toBe(
      'victoriametrics-logs-datasource',
    );
  });

  it('takes a plain uid at its stated type', () => {
    expect(resolveDatasourceType({ uid: 'aimon-prometheus', type: 'prometheus' }, variables)).toBe(
      'prometheus',
    );
  });

  it('refuses an undefined variable, a non-datasource variable and a type the variable cannot pick', () => {
    expect(() => resolveDatasourceType({ uid: '${ds_nope}' }, variables)).toThrow(
      'datasource variable ds_nope is not defined',
    );
    expect(() => resolveDatasourceType({ uid: '${run}' }, variables)).toThrow(
      'datasource variable run is not defined',
    );
    expect(() => resolveDatasourceType({ uid: '${ds_prometheus}', type: 'loki' }, variables)).toThrow(
      'datasource type loki but variable ds_prometheus picks a prometheus',
    );
  });
});
