import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { QueryHelp } from './components/QueryHelp';
import { DataSource } from './datasource';
import { MessageTraceOptions, MessageTraceQuery } from './types';

// The variable editor is wired through CustomVariableSupport in the DataSource constructor.
export const plugin = new DataSourcePlugin<DataSource, MessageTraceQuery, MessageTraceOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryHelp);
