import { createContext, type ReactNode, useContext, useEffect } from 'react';

/** The part of the app a page belongs to ("Customers"), set by its route. */
const Section = createContext<string | null>(null);

export function SectionTitle({ name, children }: { name: string; children: ReactNode }) {
  return <Section.Provider value={name}>{children}</Section.Provider>;
}

const APP = 'Parley';

/** "Orbit Logistics · Customers · Parley": the page's own heading, then its section, then the app. */
export function titleOf(heading: string | null, section: string | null): string {
  const parts = [heading, section, APP].filter((p): p is string => Boolean(p));
  return parts.filter((p, i) => parts.indexOf(p) === i).join(' · ');
}

/** Names the browser tab after the page shown, so tabs and history can be told apart. */
export function useDocumentTitle(heading: ReactNode): void {
  const section = useContext(Section);
  const text = typeof heading === 'string' ? heading : null;
  useEffect(() => {
    document.title = titleOf(text, section);
  }, [text, section]);
}
