/**
 * Registers a custom element once. A second registration (the module evaluated twice by HMR, or
 * two bundles on one page both shipping the components) would otherwise throw and take down
 * whichever script ran second; a warning keeps the first definition and the page working.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (customElements.get(tag)) {
    console.warn(`<${tag}> is already defined; keeping the existing definition.`);
    return;
  }
  customElements.define(tag, ctor);
}
