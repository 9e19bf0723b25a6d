import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { features } from '../features/index.ts';
import { Guard } from './Guard.tsx';
import { LanguageProvider } from './i18n.ts';
import { NotFound } from './NotFound.tsx';
import { SessionProvider } from './session.tsx';
import { RouteError, Shell } from './Shell.tsx';

const router = createBrowserRouter([
  {
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      ...features.map((route) => ({ path: route.path, element: <Guard route={route} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </LanguageProvider>
  );
}
