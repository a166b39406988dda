import { describe, expect, it, vi } from 'vitest';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import { PwaState, type PwaEnvironment } from './pwa-state.ts';

function setup({ controlled = false, isolated = true as boolean | undefined } = {}) {
  const events = new EventTarget();
  const sw = Object.assign(new EventTarget(), { controller: controlled ? {} : null });
  const env: PwaEnvironment = {
    events,
    navigator: { onLine: true, serviceWorker: sw },
    isolated: () => isolated,
    reload: vi.fn(),
    warn: vi.fn(),
  };
  let options: RegisterSWOptions = {};
  const updateSW = vi.fn(async () => {});
  const register = vi.fn((o: RegisterSWOptions) => {
    options = o;
    return updateSW;
  });
  const state = new PwaState(register, env);
  state.start();
  return { state, env, sw, events, register, updateSW, options: () => options };
}

describe('PwaState', () => {
  it('registers once, immediately', () => {
    const { state, register, options } = setup();
    state.start();
    expect(register).toHaveBeenCalledTimes(1);
    expect(options().immediate).toBe(true);
  });

  it('is ready offline once a service worker controls the page', () => {
    const { state, sw } = setup();
    expect(state.snapshot.offlineReady).toBe(false);
    sw.controller = {};
    sw.dispatchEvent(new Event('controllerchange'));
    expect(state.snapshot.offlineReady).toBe(true);
    expect(setup({ controlled: true }).state.snapshot.offlineReady).toBe(true);
  });

  it('follows online and offline events', () => {
    const { state, env, events } = setup();
    env.navigator.onLine = false;
    events.dispatchEvent(new Event('offline'));
    expect(state.snapshot.online).toBe(false);
  });

  it('prompts for a waiting version and reloads only after the user chose to', async () => {
    const { state, env, updateSW, options } = setup({ controlled: true });
    options().onNeedRefresh?.();
    expect(state.snapshot.needRefresh).toBe(true);
    expect(env.reload).not.toHaveBeenCalled();
    await state.applyUpdate();
    expect(updateSW).toHaveBeenCalledTimes(1);
    options().onNeedReload?.();
    expect(env.reload).toHaveBeenCalledTimes(1);
  });

  it('does not reload a tab whose user did not ask; it is told the update happened elsewhere', () => {
    const { state, env, options } = setup({ controlled: true });
    options().onNeedRefresh?.();
    options().onNeedReload?.();
    expect(env.reload).not.toHaveBeenCalled();
    expect(state.snapshot).toMatchObject({ needRefresh: false, updatedElsewhere: true });
  });

  it('offers a reload when the service worker would make the page cross-origin isolated', () => {
    expect(setup({ controlled: true, isolated: false }).state.snapshot.isolationAfterReload).toBe(true);
    expect(setup({ controlled: true, isolated: true }).state.snapshot.isolationAfterReload).toBe(false);
    expect(setup({ controlled: true, isolated: undefined }).state.snapshot.isolationAfterReload).toBe(false);
    expect(setup({ controlled: false, isolated: false }).state.snapshot.isolationAfterReload).toBe(false);
  });

  it('reloads plainly when no version waits, and forgets a dismissed prompt', async () => {
    const { state, env, updateSW, options } = setup({ controlled: true, isolated: false });
    await state.applyUpdate();
    expect(env.reload).toHaveBeenCalledTimes(1);
    expect(updateSW).not.toHaveBeenCalled();
    options().onNeedRefresh?.();
    state.dismiss();
    expect(state.snapshot).toMatchObject({ needRefresh: false, isolationAfterReload: false });
  });

  it('does nothing outside a browser', () => {
    const register = vi.fn();
    const state = new PwaState(register, null);
    state.start();
    expect(register).not.toHaveBeenCalled();
    expect(state.snapshot.online).toBe(true);
  });
});
