namespace DataBroker.Broker.Tests;
