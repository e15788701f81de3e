import React, { useState } from 'react';
import { Input } from '@grafana/ui';

interface Props {
  id: string;
  value: string | undefined;
  /** Called once per finished edit (blur or Enter), only when the text changed. */
  onCommit: (value: string) => void;
  /** Rejected text is reverted instead of committed. */
  accept?: (value: string) => boolean;
  placeholder?: string;
  width?: number;
  type?: 'text' | 'number';
  invalid?: boolean;
  'aria-label'?: string;
}

/**
 * A text input that keeps keystrokes local and reports the value when the edit is complete, so a
 * query runs once per edit instead of once per key.
 */
export function CommitInput({
  id,
  value,
  onCommit,
  accept,
  placeholder,
  width = 20,
  type = 'text',
  invalid,
  ...rest
}: Props) {
  // The text being edited; undefined when not editing, so outside changes (another editor, a
  // query type switch) show through without syncing state in an effect.
  const [draft, setDraft] = useState<string | undefined>();
  const text = draft ?? value ?? '';

  const commit = () => {
    setDraft(undefined);
    if (text !== (value ?? '') && (!accept || accept(text))) {
      onCommit(text);
    }
  };

  return (
    <Input
      id={id}
      type={type}
      value={text}
      width={width}
      placeholder={placeholder}
      invalid={invalid}
      aria-label={rest['aria-label']}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit();
        }
      }}
    />
  );
}

/** Parses a number field: '' means "use the default" (undefined); junk is rejected (null). */
export function parseCount(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= 0 ? n : null;
}
