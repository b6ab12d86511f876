namespace DataBroker.EndToEnd.Tests;
