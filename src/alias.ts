import { DataFrame, Field, FieldType } from '@grafana/data';

// Legend / alias for time series: `{{status}} messages` names each series of a split query after
// its label. Applied in the browser to the backend's frames, so it works for every panel type.

const TOKEN = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The name of one field: {{label}} is the field's label, {{field}} its name, {{metric}} the query's metric. */
export function aliasName(alias: string, field: Field, metric?: string): string {
  return alias.replace(TOKEN, (whole, key: string) => {
    if (key === 'field') {
      return field.name;
    }
    if (key === 'metric') {
      return metric ?? field.name;
    }
    return field.labels?.[key] ?? whole;
  });
}

/** Renames the number fields of a frame by the alias; time and text fields keep their names. */
export function applyAlias(frame: DataFrame, alias: string | undefined, metric?: string): DataFrame {
  if (!alias) {
    return frame;
  }
  return {
    ...frame,
    fields: frame.fields.map((field) =>
      field.type === FieldType.number
        ? { ...field, config: { ...field.config, displayNameFromDS: aliasName(alias, field, metric) } }
        : field
    ),
  };
}
