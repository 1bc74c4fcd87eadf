// The contracts list the refusal reasons' wire names in an enum of the same name; code means the domain's.
global using RefusalReason = DocAxis.Core.RefusalReason;
