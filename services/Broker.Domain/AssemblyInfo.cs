namespace DataBroker.Broker.Domain;
