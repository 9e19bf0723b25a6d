import { Link as DsLink } from '@digdir/designsystemet-react';
import { Link } from 'react-router';
import type { ReactNode } from 'react';

type Props = { to: string; children: ReactNode; className?: string; 'data-testid'?: string };

/** A Designsystemet link that navigates inside the app. */
export function RouterLink({ to, children, ...rest }: Props) {
  return (
    <DsLink asChild>
      <Link to={to} {...rest}>
        {children}
      </Link>
    </DsLink>
  );
}
