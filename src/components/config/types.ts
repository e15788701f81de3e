import { MessageTraceOptions, MessageTraceSecureJsonData } from '../../types';
import { SettingsErrors, SettingsField } from '../../validation';

export type SecretKey = keyof MessageTraceSecureJsonData;

/** What every config section needs: current values, shown errors and the ways to change them. */
export interface SectionProps {
  jsonData: MessageTraceOptions;
  secureJsonData: MessageTraceSecureJsonData;
  configured: Partial<Record<SecretKey, boolean>>;
  /** Errors of the fields the user has finished editing. */
  errors: SettingsErrors;
  update: (patch: Partial<MessageTraceOptions>) => void;
  updateSecret: (key: SecretKey, value: string) => void;
  resetSecret: (key: SecretKey) => void;
  touch: (field: SettingsField) => void;
}

export const LABEL_WIDTH = 26;
export const INPUT_WIDTH = 48;
