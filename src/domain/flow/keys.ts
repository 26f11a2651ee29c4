/** The keys every screen understands, whatever the flow says. */
export const NAV = { back: '0', home: '00', more: '98', exit: '99' } as const;
/** The danger key: from every screen that takes input to the flow's `danger` node, when it has one. */
export const DANGER_KEY = '9';
/** The key that skips a free-text question that offers it. */
export const SKIP_KEY = '1';
