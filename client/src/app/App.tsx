import { BoardPage } from '../components/BoardPage.tsx';
import { lazy, Suspense } from 'react';
import { followLink, parseRoute, usePathname } from './router.ts';
import { UpdateBanner } from './UpdateBanner.tsx';

// The home page is its own chunk: opening a board (the first-paint path) does not load or compile it.
const HomePage = lazy(() => import('../home/HomePage.tsx').then((module) => ({ default: module.HomePage })));

export function App() {
  return (
    <>
      <UpdateBanner />
      <Page />
    </>
  );
}

function Page() {
  const route = parseRoute(usePathname());
  switch (route.page) {
    case 'home':
      return (
        <Suspense fallback={null}>
          <HomePage />
        </Suspense>
      );
    case 'board':
      return <BoardPage key={route.boardId} boardId={route.boardId} />;
    case 'not-found':
      return (
        <main className="page-message">
          <h1>Page not found</h1>
          <p>There is nothing at this address.</p>
          <a href="/" onClick={followLink}>
            Go to your boards
          </a>
        </main>
      );
  }
}
