// @vitest-environment jsdom
/**
 * `lazyView` (the side panel's reader, highlights, tags and search views, loaded on first use
 * without preact/compat): the fallback until the module is in, the view with its props after,
 * one load for every instance, and a module that cannot load shows the way out and is tried
 * again at the next mount.
 */
import { h, render, type FunctionComponent } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyView } from '../../../extension/ui/lazy-view';

const Hello: FunctionComponent<{ name: string }> = ({ name }) => h('p', { 'data-testid': 'hello' }, `Hello ${name}`);

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

async function mount(vnode: ReturnType<typeof h>) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(vnode, root));
  return root;
}

describe('lazyView', () => {
  afterEach(() => void (document.body.innerHTML = ''));

  it('shows the fallback until the module is in, then the view with its props; later renders pass new props', async () => {
    const mod = deferred<FunctionComponent<{ name: string }>>();
    const load = vi.fn(() => mod.promise);
    const View = lazyView(load, h('p', { 'data-testid': 'wait' }, 'Loading…'));
    const root = await mount(h(View, { name: 'Ada' }));
    expect(root.querySelector('[data-testid=wait]')?.textContent).toBe('Loading…');
    await act(async () => mod.resolve(Hello));
    await act(async () => undefined); // the load's then, and the state it sets
    expect(root.querySelector('[data-testid=hello]')?.textContent).toBe('Hello Ada');
    await act(() => render(h(View, { name: 'Grace' }), root));
    expect(root.textContent).toBe('Hello Grace');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads once for every instance, and an instance mounted after the load draws the view at once', async () => {
    const mod = deferred<FunctionComponent<{ name: string }>>();
    const load = vi.fn(() => mod.promise);
    const View = lazyView(load, 'wait');
    const a = await mount(h(View, { name: 'a' }));
    const b = await mount(h(View, { name: 'b' }));
    await act(async () => mod.resolve(Hello));
    await act(async () => undefined);
    expect([a.textContent, b.textContent]).toEqual(['Hello a', 'Hello b']);
    const c = document.createElement('div');
    render(h(View, { name: 'c' }), c); // no act: the first render itself is the view
    expect(c.textContent).toBe('Hello c');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a module that cannot load says so and how to get out; the next mount tries again', async () => {
    const load = vi.fn<() => Promise<FunctionComponent<{ name: string }>>>().mockRejectedValueOnce(new Error('chunk gone')).mockResolvedValueOnce(Hello);
    const View = lazyView(load, 'wait');
    const root = await mount(h(View, { name: 'x' }));
    await act(async () => undefined);
    const alert = root.querySelector('[data-testid=view-load-failed]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('chunk gone');
    expect(alert?.textContent).toContain('reopen the panel');
    await act(() => render(null, root));
    await act(() => render(h(View, { name: 'again' }), root));
    await act(async () => undefined);
    expect(root.textContent).toBe('Hello again');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('an instance unmounted before the module arrives is not updated', async () => {
    const mod = deferred<FunctionComponent<{ name: string }>>();
    const View = lazyView(() => mod.promise, 'wait');
    const root = await mount(h(View, { name: 'gone' }));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await act(() => render(null, root));
    await act(async () => mod.resolve(Hello));
    expect(root.textContent).toBe('');
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
