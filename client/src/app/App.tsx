import { BoardPage } from '../components/BoardPage.tsx';
import { HomePage } from '../home/HomePage.tsx';
import { followLink, parseRoute, usePathname } from './router.ts';
import { UpdateBanner } from './UpdateBanner.tsx';

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
      return <HomePage />;
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
