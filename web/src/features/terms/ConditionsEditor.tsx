import { Alert, Button, Details, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { Markdown } from '../../app/components/Markdown.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { listConditions, publishCondition } from './api.ts';
import { termsMessages } from './messages.ts';

/** A service owner's own conditions for a service (T-1.2.5): the versions, and a new version for its admins to publish. */
export function ConditionsEditor({ serviceId, ownerOrgId }: { serviceId: string; ownerOrgId: string }) {
  const { t } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession());
  const canPublish = m?.role === 'operator-admin' || (m?.role === 'serviceowner-admin' && m.orgId === ownerOrgId);
  const conditions = useQuery((signal) => listConditions(serviceId, signal), [serviceId]);
  const [text, setText] = useState<string | null>(null);
  const [published, setPublished] = useState<number | null>(null);
  const latest = conditions.data?.items.find((c) => c.latest) ?? conditions.data?.items[0];
  const draft = text ?? latest?.text ?? '';
  const publish = useConfirmAction(async (body: string) => {
    const c = await publishCondition(serviceId, body);
    conditions.setData((d) => d && { ...d, items: [c, ...d.items.map((x) => ({ ...x, latest: false }))] });
    setText(null);
    setPublished(c.version);
  });

  return (
    <section className="panel stack" aria-labelledby="conditions-editor-heading" data-testid="conditions-editor">
      <Heading level={2} data-size="sm" id="conditions-editor-heading">
        {t('conditionsEditor.title')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('conditionsEditor.lead')}
      </Paragraph>
      <ClauseTags ids={['T-1.2.5']} />
      {published !== null && (
        <Alert data-color="success" role="status" data-testid="conditions-editor-published">
          {t('conditionsEditor.published', { version: published })}
        </Alert>
      )}
      <QueryView query={conditions}>
        {(data) => (
          <div className="stack">
            {data.items.length === 0 ? (
              <Paragraph className="muted">{t('conditions.none')}</Paragraph>
            ) : (
              <ul className="plain-list stack">
                {data.items.map((c) => (
                  <li key={c.id} data-testid={`conditions-version-${c.version}`}>
                    <Details defaultOpen={c.latest}>
                      <Details.Summary>
                        {t('conditions.version', { version: c.version, at: formatDateTime(c.publishedAt) })}{' '}
                        {c.latest && (
                          <Tag data-color="success" data-size="sm">
                            {t('conditionsEditor.latest')}
                          </Tag>
                        )}
                      </Details.Summary>
                      <Details.Content>
                        <Markdown text={c.text} headingOffset={2} />
                        <Paragraph data-size="sm" className="muted mono">
                          SHA-256 {c.sha256}
                        </Paragraph>
                      </Details.Content>
                    </Details>
                  </li>
                ))}
              </ul>
            )}
            {canPublish ? (
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (draft.trim()) publish.ask(draft);
                }}
                data-testid="conditions-editor-form"
              >
                <Textfield
                  label={t('conditionsEditor.text')}
                  multiline
                  rows={8}
                  className="mono-area"
                  value={draft}
                  onChange={(e) => setText(e.target.value)}
                  data-testid="conditions-editor-text"
                />
                {draft.trim() && (
                  <Details>
                    <Details.Summary>{t('conditionsEditor.preview')}</Details.Summary>
                    <Details.Content>
                      <Markdown text={draft} headingOffset={2} />
                    </Details.Content>
                  </Details>
                )}
                <div>
                  <Button type="submit" disabled={!draft.trim() || draft === latest?.text} data-testid="conditions-editor-publish">
                    {t('conditionsEditor.publish')}
                  </Button>
                </div>
              </form>
            ) : (
              <Paragraph data-size="sm" className="muted">
                {t('conditionsEditor.adminOnly')}
              </Paragraph>
            )}
          </div>
        )}
      </QueryView>
      <ConfirmAction state={publish} title={t('conditionsEditor.publish')} body={() => t('conditionsEditor.publishConfirm')} confirmLabel={t('conditionsEditor.publish')} danger={false} />
    </section>
  );
}
