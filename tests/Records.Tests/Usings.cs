namespace DataBroker.Records.Tests;
