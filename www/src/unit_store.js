// Unit mode's files kept on this device (www/src/pages/unit/persist.rs): IndexedDB, since a roster can be
// megabytes, past local storage's few. One database, one object store, one record per file slot:
// { meta: the description as JSON text, data: the file as a Blob (a CSV file as chosen; a sheet's cells as JSON) }.
// A change of the description alone (the header row picked) is a second record, `<slot>.meta` (the text), which wins
// over the record's own: storing the record again would copy the whole file (hundreds of MB for a province) for a
// few bytes. It is written only over the description the page expects: when another tab stored another file in
// the slot meanwhile, the whole record is written instead, so a description never lands on another file's bytes.
// Writing the record or deleting the slot removes it.
// Every write that completes is said to the page's other tabs (a BroadcastChannel, `tellOtherTabs` below: the slot's key),
// which read the slot again and follow it, as they follow the settings (persist.rs, `KeepAction::ChangedElsewhere`):
// the files on this device are one set, so a tab never writes its older file back over another tab's.
// Records of older pages hold the bytes (a Uint8Array): they are read back as a Blob of those bytes.
// Every failure rejects with an Error the page shows (private mode, storage disabled, quota exceeded, blocked).

const DATABASE = 'xeploai-unit';
const STORE = 'files';

// One channel per page: a message posted on it reaches the page's other tabs, never this one.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('xeploai-unit-files') : null;
const tellOtherTabs = (key) => channel?.postMessage(key);

// Call `listener(key)` when another tab has written the slot `key`; returns a function that stops listening.
export function unit_store_on_change(listener) {
  if (!channel) return () => {};
  const heard = ({ data }) => {
    if (typeof data === 'string') listener(data);
  };
  channel.addEventListener('message', heard);
  return () => channel.removeEventListener('message', heard);
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = indexedDB.open(DATABASE, 1);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error || new Error('indexedDB.open failed'));
    request.onblocked = () => reject(new Error('blocked by another tab'));
  });
}

// Run `work(store)` in one transaction; resolves with the value of the request it returns (or the values of the
// requests, when it returns several), once the transaction has completed, so a write is on disk when the promise
// resolves.
async function transaction(mode, work) {
  const database = await openDatabase();
  return new Promise((resolve, reject) => {
    let request;
    const done = (settle) => (value) => {
      database.close();
      settle(value);
    };
    try {
      const tx = database.transaction(STORE, mode);
      const result = (r) => (Array.isArray(r) ? r.map((one) => one.result) : r?.result);
      tx.oncomplete = () => done(resolve)(result(request));
      tx.onerror = () => done(reject)(tx.error || new Error('transaction failed'));
      tx.onabort = () => done(reject)(tx.error || new Error('transaction aborted'));
      request = work(tx.objectStore(STORE));
    } catch (error) {
      done(reject)(error);
    }
  });
}

// The record of a slot: [meta, data] (data as a Blob), or null when there is none. A record not in this shape
// comes back as it can (its meta as text, its data empty), for the page to call unreadable.
const metaKey = (key) => `${key}.meta`;

export async function unit_store_get(key) {
  const [record, changed] = await transaction('readonly', (store) => [store.get(key), store.get(metaKey(key))]);
  if (record === undefined || record === null) return null;
  const own = typeof record.meta === 'string' ? record.meta : JSON.stringify(record);
  const meta = typeof changed === 'string' ? changed : own;
  const { data } = record;
  const blob = data instanceof Blob ? data : new Blob([data instanceof Uint8Array ? data : new Uint8Array(0)]);
  return [meta, blob];
}

// `data`: a Blob (the file chosen: IndexedDB keeps its bytes, outside the page's memory) or bytes.
const stored = (data) => (data instanceof Blob ? data : new Uint8Array(data));

export async function unit_store_put(key, meta, data) {
  await transaction('readwrite', (store) => [store.put({ meta, data: stored(data) }, key), store.delete(metaKey(key))]);
  tellOtherTabs(key);
}

// The description alone (`meta`), when the slot still holds the description `expected` (this page's file as it
// stored it); otherwise the whole record, `data` with `meta`.
export async function unit_store_put_meta(key, meta, expected, data) {
  await transaction('readwrite', (store) => {
    const [record, changed] = [store.get(key), store.get(metaKey(key))];
    changed.onsuccess = () => {
      const own = typeof record.result?.meta === 'string' ? record.result.meta : null;
      const held = typeof changed.result === 'string' ? changed.result : own;
      if (held !== null && held === expected) {
        store.put(meta, metaKey(key));
      } else {
        store.put({ meta, data: stored(data) }, key);
        store.delete(metaKey(key));
      }
    };
    return [record, changed];
  });
  tellOtherTabs(key);
}

export async function unit_store_delete(key) {
  await transaction('readwrite', (store) => [store.delete(key), store.delete(metaKey(key))]);
  tellOtherTabs(key);
}
