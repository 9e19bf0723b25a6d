import { Field, Label, Select, ValidationMessage } from '@digdir/designsystemet-react';
import type { SelectProps } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';

export type Option = { value: string; label: string };

type Props = Omit<SelectProps, 'children'> & {
  label: ReactNode;
  description?: ReactNode;
  options: readonly Option[];
  error?: ReactNode;
};

/** A labelled native select with its validation message beside it. */
export function SelectField({ label, description, options, error, className, ...rest }: Props) {
  return (
    <Field className={className}>
      <Label>{label}</Label>
      {description && <Field.Description>{description}</Field.Description>}
      <Select aria-invalid={error ? true : undefined} {...rest}>
        {options.map((o) => (
          <Select.Option key={o.value} value={o.value}>
            {o.label}
          </Select.Option>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Field>
  );
}
