// Client-side routes on the History API: links change the URL without a page load, and the back
// button works. The web gateway answers every route with index.html, so any URL can be opened directly.

const { createElement: h, useEffect, useState } = React;

const CHANGE = 'storefront:navigate';

function current() {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export function navigate(to) {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current path and query; re-renders on every navigation. */
export function useLocation() {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

/** A real link (open in a new tab still works) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }) {
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return h('a', { href: to, onClick, ...rest }, children);
}
