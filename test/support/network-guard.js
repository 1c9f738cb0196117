'use strict';
/**
 * Keeps tests on this machine: a name other than localhost is never resolved and a TCP connection to
 * anything but 127.0.0.0/8 or ::1 is refused. Installed in the Jest process by network-guard.setup.ts and
 * in every process a test starts (NODE_OPTIONS="--require <this file>", set by the test environment).
 *
 * A refused call fails with code ENETGUARD and is appended to the file named by NEWSDESK_NET_GUARD_LOG,
 * so that the test that caused it fails even when the code under test swallows the error (a feed fetch
 * records it as a feed error, for example). NEWSDESK_NET_GUARD_BLOCK (comma-separated hosts/addresses)
 * blocks extra loopback names or addresses: the guard's own tests use it, so that a broken guard still
 * never reaches beyond the machine.
 */
const dns = require('node:dns');
const net = require('node:net');
const fs = require('node:fs');

const STATE = Symbol.for('newsdesk.networkGuard');

function isLoopbackAddress(address) {
  const a = String(address).toLowerCase().replace(/^\[|\]$/g, '');
  if (net.isIPv4(a)) return a.startsWith('127.');
  if (net.isIPv6(a)) {
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    return !!mapped && mapped[1].startsWith('127.');
  }
  return false;
}

const isLocalName = (host) => /^localhost\.?$/i.test(host);

/** Shared by every copy of this file in the process (Jest loads it once per test file). */
function state() {
  dns[STATE] = dns[STATE] || { installed: false, extra: new Set(), logFile: null };
  return dns[STATE];
}

function extraBlocked() {
  const fromEnv = (process.env.NEWSDESK_NET_GUARD_BLOCK || '').split(',');
  return [...fromEnv, ...state().extra].map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** Why `host` may not be looked up or dialled, or null when it may. */
function refusal(host, what) {
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  if (extraBlocked().includes(h)) return `${what} ${h} (blocked for this test)`;
  if (net.isIP(h)) return isLoopbackAddress(h) ? null : `${what} ${h} (not loopback)`;
  return isLocalName(h) ? null : `${what} ${h} (a name other than localhost)`;
}

function report(reason) {
  const message = `network guard: refused ${reason} in pid ${process.pid}`;
  const file = state().logFile || process.env.NEWSDESK_NET_GUARD_LOG;
  if (file) {
    try {
      fs.appendFileSync(file, `${message}\n${new Error('at').stack.split('\n').slice(2, 8).join('\n')}\n\n`);
    } catch {
      // The log is only a channel to the Jest process; the call is refused either way.
    }
  }
  const err = new Error(message);
  err.code = 'ENETGUARD';
  return err;
}

/** The host a net.Socket#connect call dials, or null for a Unix socket / pipe. */
function connectHost(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // internal normalised form
  if (first && typeof first === 'object') {
    if (first.path) return null;
    return first.host || 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

function install() {
  if (state().installed) return;
  state().installed = true;

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    const why = refusal(hostname, 'DNS lookup of');
    if (why) {
      const err = report(why);
      process.nextTick(() => cb(err));
      return {};
    }
    return lookup.apply(this, arguments);
  };

  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = function guardedPromiseLookup(hostname, ...rest) {
    const why = refusal(hostname, 'DNS lookup of');
    if (why) return Promise.reject(report(why));
    return promiseLookup.call(this, hostname, ...rest);
  };

  // Resolver queries (resolve4, resolveMx...) always go to a DNS server: none is allowed.
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const name of Object.keys(target)) {
      if (!/^resolve|^reverse$/.test(name) || typeof target[name] !== 'function') continue;
      const isPromise = target === dns.promises || target === dns.promises.Resolver.prototype;
      target[name] = function guardedResolve(hostname, ...rest) {
        const err = report(`DNS query (${name}) for ${hostname}`);
        if (isPromise) return Promise.reject(err);
        const cb = rest[rest.length - 1];
        if (typeof cb === 'function') process.nextTick(() => cb(err));
        return undefined;
      };
    }
  }

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const host = connectHost(args);
    const options = args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) ? args[0] : null;
    let why = null;
    if (host !== null && options && typeof options.lookup === 'function' && !net.isIP(host) && !extraBlocked().includes(host.toLowerCase())) {
      // A caller's own resolver (the feed fetcher's address guard, a test's fake DNS): check what it returns.
      args[0] = { ...options, lookup: checkedLookup(options.lookup) };
    } else if (host !== null) {
      why = refusal(host, 'connection to');
    }
    if (why) {
      const err = report(why);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return connect.apply(this, args);
  };
}

/** Wraps a custom lookup so that only loopback answers reach the socket. */
function checkedLookup(lookup) {
  return function checked(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    const opts = typeof options === 'function' ? {} : options;
    return lookup(hostname, opts, (err, address, family) => {
      if (err) return cb(err);
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = list.find((a) => refusal(a, 'connection to'));
      if (bad) return cb(report(`${refusal(bad, 'connection to')} (resolved from ${hostname})`));
      return cb(null, address, family);
    });
  };
}

install();

/** For the guard's own tests: block more (loopback) hosts and log to another file; returns an undo. */
function configure({ block = [], logFile = null }) {
  const s = state();
  const before = { extra: new Set(s.extra), logFile: s.logFile };
  block.forEach((h) => s.extra.add(h));
  s.logFile = logFile;
  return () => {
    s.extra = before.extra;
    s.logFile = before.logFile;
  };
}

module.exports = { install, configure, isLoopbackAddress, refusal };
