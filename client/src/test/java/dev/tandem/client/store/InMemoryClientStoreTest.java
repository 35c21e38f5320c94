package dev.tandem.client.store;

class InMemoryClientStoreTest extends ClientStoreContract {
  @Override
  ClientStore newStore() {
    return new InMemoryClientStore();
  }

  @Override
  ClientStore reopen() {
    return store;
  }
}
