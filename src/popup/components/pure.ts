import { Component, type FunctionComponent, h } from 'preact';

/** Re-renders only when a prop changes identity (preact's `memo` lives in preact/compat, which we do not ship). */
export function pure<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Pure extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const prev = this.props as Record<string, unknown>;
      const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
      for (const k of keys) if (prev[k] !== (next as Record<string, unknown>)[k]) return true;
      return false;
    }
    override render() {
      return h(render, this.props);
    }
  }
  return Pure as unknown as FunctionComponent<P>;
}
