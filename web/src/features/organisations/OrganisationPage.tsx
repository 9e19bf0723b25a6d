import { useParams } from 'react-router';
import { OrganisationView } from './OrganisationView.tsx';

/** `/organisations/:id`. */
export default function OrganisationPage() {
  const { id = '' } = useParams();
  return <OrganisationView key={id} orgId={id} />;
}
