import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { listenForRedirect, pastedResponse } from '../session/loopback-redirect.js';

describe('the loopback redirect receiver', () => {
  it('listens on 127.0.0.1 on a port the system picks, under /callback', async () => {
    const receiver = await listenForRedirect();
    try {
      expect(receiver.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(receiver.redirectUri).not.toMatch(/:0\//);
    } finally {
      await receiver.close();
    }
  });

  it('takes one answer with the expected state, tells the browser, and closes', async () => {
    const receiver = await listenForRedirect();
    const received = receiver.receive('s-1', 10_000);

    const favicon = await fetch(new URL('/favicon.ico', receiver.redirectUri));
    const page = await fetch(`${receiver.redirectUri}?code=c-1&state=s-1&iss=http%3A%2F%2F127.0.0.1%3A9`);

    expect(favicon.status).toBe(404);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('you can close this tab');
    expect(await received).toEqual({ code: 'c-1', state: 's-1', iss: 'http://127.0.0.1:9' });
    await expect(fetch(`${receiver.redirectUri}?code=c-2&state=s-1`)).rejects.toThrow();
  });

  it('refuses an answer carrying another sign-in’s state, and is used up by it', async () => {
    const receiver = await listenForRedirect();
    const received = receiver.receive('mine', 10_000);
    received.catch(() => undefined);

    const page = await fetch(`${receiver.redirectUri}?code=c&state=theirs`);

    expect(page.status).toBe(400);
    await expect(received).rejects.toMatchObject({
      message: 'the answer belongs to another sign-in (its state differs)',
      exitCode: ExitCode.AUTH,
    });
    await expect(fetch(`${receiver.redirectUri}?code=c&state=mine`)).rejects.toThrow();
  });

  it('passes on the provider’s refusal with its description', async () => {
    const receiver = await listenForRedirect();
    const received = receiver.receive('s', 10_000);
    received.catch(() => undefined);

    await fetch(`${receiver.redirectUri}?error=access_denied&error_description=user+cancelled&state=s`);

    await expect(received).rejects.toThrow(
      'the provider refused the sign-in: access_denied (user cancelled)',
    );
  });

  it('gives up after the timeout with a message saying what to do, and stops listening', async () => {
    const receiver = await listenForRedirect();

    await expect(receiver.receive('s', 200)).rejects.toMatchObject({
      message: 'no answer from the browser within 1 s',
      exitCode: ExitCode.AUTH,
    });
    await expect(fetch(`${receiver.redirectUri}?code=c&state=s`)).rejects.toThrow();
  });

  it('closed before any answer (a pasted one won), stops listening and never fails afterwards', async () => {
    const receiver = await listenForRedirect();
    let settled = false;
    void receiver.receive('s', 100).finally(() => (settled = true));

    await receiver.close();
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(settled).toBe(false);
    await expect(fetch(`${receiver.redirectUri}?code=c&state=s`)).rejects.toThrow();
  });

  it('answers nothing before the sign-in has begun (the state is not known yet)', async () => {
    const receiver = await listenForRedirect();
    try {
      const early = await fetch(`${receiver.redirectUri}?code=c&state=s`);
      const received = receiver.receive('s', 10_000);
      const page = await fetch(`${receiver.redirectUri}?code=c&state=s`);

      expect(early.status).toBe(404);
      expect(page.status).toBe(200);
      expect(await received).toEqual({ code: 'c', state: 's' });
    } finally {
      await receiver.close();
    }
  });
});

describe('a pasted answer', () => {
  it('is the address the browser ended on, checked like a redirect, or just the code', () => {
    expect(pastedResponse(' http://127.0.0.1:5/callback?code=c1&state=s1\n', 's1')).toEqual({
      code: 'c1',
      state: 's1',
    });
    expect(pastedResponse('c2\n', 'expected')).toEqual({ code: 'c2', state: 'expected' });
    expect(() => pastedResponse('http://127.0.0.1:5/callback?code=c1&state=other', 's1')).toThrow(
      'another sign-in',
    );
    expect(() => pastedResponse('http://127.0.0.1:5/callback?error=access_denied', 's1')).toThrow(
      'refused the sign-in: access_denied',
    );
    expect(() => pastedResponse('  \n', 's1')).toThrow('no code was given');
  });
});
