import { Alert, Button, Heading, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { addNote } from './api.ts';
import type { IncidentDetail, Visibility } from './api.ts';
import { StatusPreview, VisibilityChoice, allowedVisibilities } from './Actions.tsx';
import { incidentMessages } from './messages.ts';

/** Notes and public updates: internal, shared with the reporter, or public (with a preview of the status page). */
export function NoteComposer({ incident, onDone }: { incident: IncidentDetail; onDone: (d: IncidentDetail) => void }) {
  const { t } = useMessages(incidentMessages);
  const allowed = allowedVisibilities(incident.can);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(allowed.includes('shared') ? 'shared' : allowed[0]);
  const [saved, setSaved] = useState(false);
  const action = useAction(async () => {
    const d = await addNote(incident.id, { body: body.trim(), visibility });
    onDone(d);
    setBody('');
    setSaved(true);
    return d;
  });
  if (allowed.length === 0) return null;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void action.run();
  }
  return (
    <form className="stack" onSubmit={onSubmit} data-testid="note-form">
      <Heading level={3} data-size="2xs">
        {t('note.title')}
      </Heading>
      <ProblemAlert error={action.error} fields={['body', 'visibility']} />
      {saved && (
        <Alert data-color="success" data-size="sm" role="status">
          {t('common.saved')}
        </Alert>
      )}
      <Textfield
        label={t('note.body')}
        multiline
        rows={4}
        required
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setSaved(false);
        }}
        error={action.error?.fieldError('body')}
        data-testid="note-body"
      />
      {allowed.length > 1 && <VisibilityChoice value={visibility} onChange={setVisibility} allowed={allowed} legend={t('note.visibility')} name="note-visibility" testId="note-visibility" />}
      {visibility === 'public' && <StatusPreview incident={incident} state={incident.state} body={body} />}
      <div>
        <Button type="submit" loading={action.busy} disabled={!body.trim()} data-testid="note-submit">
          {t('note.submit')}
        </Button>
      </div>
    </form>
  );
}
