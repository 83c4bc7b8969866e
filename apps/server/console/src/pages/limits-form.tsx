import { useState } from 'react';
import { limitsFields, limitsOf, type LimitsFields } from './limits-text';
import type { KeyLimits } from './use-key-admin';

const FIELDS: { name: keyof LimitsFields; label: string; numeric: boolean }[] =
  [
    { name: 'perMinute', label: 'Calls per minute', numeric: true },
    { name: 'perHour', label: 'Calls per hour', numeric: true },
    { name: 'perDay', label: 'Calls per day', numeric: true },
    { name: 'routes', label: 'Routes (comma-separated)', numeric: false },
    { name: 'providers', label: 'Providers (comma-separated)', numeric: false },
  ];

/** Edits a key's limits; empty fields are no limit. */
export function LimitsForm(props: {
  keyName: string;
  limits: KeyLimits | undefined;
  pending: boolean;
  onSave: (limits: KeyLimits | null) => void;
}) {
  const [fields, setFields] = useState(() => limitsFields(props.limits));
  return (
    <form
      className="limits-form"
      aria-label={`Limits of ${props.keyName}`}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(limitsOf(fields));
      }}
    >
      {FIELDS.map((field) => (
        <label key={field.name}>
          {field.label}
          <input
            inputMode={field.numeric ? 'numeric' : undefined}
            value={fields[field.name]}
            onChange={(event) =>
              setFields({ ...fields, [field.name]: event.target.value })
            }
          />
        </label>
      ))}
      <button type="submit" disabled={props.pending}>
        Save limits
      </button>
    </form>
  );
}
