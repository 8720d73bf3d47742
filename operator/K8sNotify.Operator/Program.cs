// Entry point of the operator; the controller runtime and the render command are added by the Operator issue.
return 0;
