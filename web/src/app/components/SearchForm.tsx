import { Button, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useI18n } from '../i18n.ts';

type Props = {
  label: string;
  /** Called with the trimmed text when the form is submitted. */
  onSearch: (q: string) => void;
  /** On the field; the button gets `<id>-submit`. */
  'data-testid': string;
};

/** A search field with its button; searches on submit, not on every key. */
export function SearchForm({ label, onSearch, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  const [input, setInput] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onSearch(input.trim());
  }

  return (
    <form className="form-row" role="search" onSubmit={onSubmit}>
      <Textfield label={label} type="search" value={input} onChange={(e) => setInput(e.target.value)} data-testid={testId} />
      <Button type="submit" variant="secondary" className="form-row__shrink" data-testid={`${testId}-submit`}>
        {t('common.search')}
      </Button>
    </form>
  );
}
