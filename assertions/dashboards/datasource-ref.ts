/**
 * Which datasource plugin a panel or target reference means, as Grafana resolves it: `{ uid: "${ds_prometheus}" }`
 * names a datasource template variable, whose `query` is the plugin id it picks from; a plain uid is taken at its
 * stated type.
 */

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface DatasourceVariableJson {
  name: string;
  type: string;
  /** The plugin id of a datasource variable. */
  query?: unknown;
}

/** Datasource variables of a dashboard, name → plugin id. */
export function datasourceVariables(list: readonly DatasourceVariableJson[] = []): Map<string, string> {
  return new Map(list.filter((v) => v.type === 'datasource').map((v) => [v.name, String(v.query ?? '')]));
}

/** The plugin id a reference resolves to; throws for an undefined variable or a type the variable cannot pick. */
export function resolveDatasourceType(
  ref: DatasourceRef | undefined,
  variables: ReadonlyMap<string, string>,
): string | undefined {
  const name = /^\$\{(\w+)\}$|^\$(\w+)$/
    .exec(ref?.uid ?? '')
    ?.slice(1)
    .find(Boolean);
  if (!name) return ref?.type;
  const pluginId = variables.get(name);
  if (pluginId === undefined) throw new Error(`datasource variable ${name} is not defined`);
  if (ref?.type && ref.type !== pluginId)
    throw new Error(`datasource type ${ref.type} but variable ${name} picks a ${pluginId}`);
  return pluginId;
}
